export { connectionOptions, type ConnectionOptions } from './connection-options.js';
export { loadTemporalConfig, temporalEnv, type TemporalConfig } from './temporal-env.js';
