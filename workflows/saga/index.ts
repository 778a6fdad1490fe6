export { Saga, SagaDefinitionError, type Compensation, type SagaOptions } from './saga.js';
export type { SagaRetryPolicy } from './retry-policy.js';
export { describeFailure, isRetryableFailure, type FailureDescription } from './failure.js';
export type {
  AttemptError,
  CompensationRecord,
  CompensationStatus,
  SagaTimeline,
  StepKind,
  StepRecord,
  StepStatus,
} from './timeline.js';
