export {
  ACCEPTED_CANCEL_WINS_PATCH,
  Saga,
  SagaDefinitionError,
  type Compensation,
  type OperatorRequest,
  type RetryMode,
  type SagaCall,
  type SagaObserver,
  type SagaOptions,
} from './saga.js';
export type { SagaRetryPolicy } from './retry-policy.js';
export { describeFailure, isRetryableFailure, type FailureDescription } from './failure.js';
export type {
  AttemptError,
  AuditEntry,
  CompensationRecord,
  CompensationStatus,
  OperatorAction,
  SagaTimeline,
  StepKind,
  StepRecord,
} from './timeline.js';
