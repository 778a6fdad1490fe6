// The API process: `node dist/apps/api/main.js`, configured by the variables of apiEnv.
import { ConfigurationError } from '../../lib/config/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { loadApiConfig } from './api-env.js';
import { startApi } from './start-api.js';

try {
  await startApi({ config: loadApiConfig() });
} catch (error) {
  const message = error instanceof ConfigurationError ? error.message : 'The API could not start';
  createLogger('api').fatal({ err: error }, message);
  process.exitCode = 1;
}
