export { PinoNestLogger } from './pino-nest-logger.js';
export { ProblemDetailsFilter } from './problem-details.filter.js';
export {
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  type FieldError,
  type ProblemDocument,
} from './problem.js';
export { startHttpApp, type HttpAppOptions, type RunningHttpApp } from './start-http-app.js';
export { ZodValidationPipe } from './zod-validation.pipe.js';
