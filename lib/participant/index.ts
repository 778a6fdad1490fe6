export { clientHasLeft } from './client-connection.js';
export { Database, type DatabaseOptions, type Sql } from './database.js';
export { asServiceError, isTransientDatabaseError } from './database-errors.js';
export { ensureDatabase } from './ensure-database.js';
export { FaultInjector, type DrawnFault } from './faults/fault-injector.js';
export { faultSettings, NO_FAULTS, type FaultSettings } from './faults/fault-settings.js';
export { type HealthReport } from './health.controller.js';
export { canonicalJson, requestFingerprint } from './idempotency/fingerprint.js';
export { IDEMPOTENCY_KEY_HEADER } from './idempotency/idempotency-key.js';
export {
  IdempotentRequests,
  REPLAYED_HEADER,
  type Effect,
} from './idempotency/idempotent-requests.js';
export { migrate } from './migrate.js';
export { recordEvent, type OutboxConfig } from './outbox/index.js';
export { refusalKeepingEffect, success, type Outcome } from './outcome.js';
export {
  participantServiceEnv,
  toServiceConfig,
  type ParticipantServiceConfig,
  type ParticipantServiceEnv,
  type ServiceEnvDefaults,
} from './service-env.js';
export {
  startParticipantService,
  type ParticipantServiceDefinition,
  type RunningParticipantService,
} from './start-participant-service.js';
export {
  ID_PATTERN,
  orderIdField,
  orderIdQuery,
  resourceIdParams,
  type OrderIdQuery,
  type ResourceIdParams,
} from './requests.js';
export { skuField } from './sku.js';
export { PARTICIPANT_LOGGER, PARTICIPANT_METRICS } from './tokens.js';
export {
  ApiIdempotentMutation,
  ApiJsonBody,
  ApiJsonResponse,
  ApiOrderIdQuery,
  ApiProblem,
  ApiResourceId,
} from './openapi/api-decorators.js';
export { undoOutcome } from './openapi/undo-outcome.js';
