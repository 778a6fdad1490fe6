export { ConfigurationError, loadEnv } from './load-env.js';
export { flag, logLevel, port, postgresUrl, url } from './env-types.js';
