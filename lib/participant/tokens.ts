/** Injection token of the service's pino logger. */
export const PARTICIPANT_LOGGER = Symbol('PARTICIPANT_LOGGER');

/** Injection token of the service's Prometheus registry (prom-client), served on GET /metrics. */
export const PARTICIPANT_METRICS = Symbol('PARTICIPANT_METRICS');
