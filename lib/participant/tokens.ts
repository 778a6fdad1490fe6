/** Injection token of the service's pino logger. */
export const PARTICIPANT_LOGGER = Symbol('PARTICIPANT_LOGGER');
