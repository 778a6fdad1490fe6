/** Token of the process's TemporalConfig. */
export const TEMPORAL_CONFIG = Symbol('TemporalConfig');
