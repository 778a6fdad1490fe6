export { PinoNestLogger } from './pino-nest-logger.js';
export { ProblemDetailsFilter } from './problem-details.filter.js';
export {
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  type FieldError,
  type ProblemDocument,
} from './problem.js';
export { MAX_BODY_BYTES } from './request-body.js';
export {
  isSafeText,
  NON_BLANK_SAFE_TEXT_PATTERN,
  SAFE_TEXT_PATTERN,
  safeText,
  UNSAFE_TEXT_MESSAGE,
} from './safe-text.js';
export { startHttpApp, type HttpAppOptions, type RunningHttpApp } from './start-http-app.js';
export { ZodValidationPipe } from './zod-validation.pipe.js';
