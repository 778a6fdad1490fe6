export { OUTBOX_BACKLOG_METRIC, registerBacklogGauge } from './backlog-gauge.js';
export { outboxEnv, toOutboxConfig, type OutboxConfig, type OutboxEnv } from './outbox-env.js';
export { OutboxRelay, STRUCTURED_CONTENT_TYPE, type OutboxRelayOptions } from './outbox-relay.js';
export {
  createParticipantOutbox,
  ParticipantOutbox,
  type ParticipantOutboxOptions,
} from './participant-outbox.js';
export { recordEvent } from './record-event.js';
