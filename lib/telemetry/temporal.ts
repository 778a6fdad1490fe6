export {
  temporalActivityInterceptors,
  temporalClientInterceptors,
  workflowTracingInterceptorsPath,
} from './temporal-tracing.js';
export { workflowSpanSinks } from './workflow-spans.js';
