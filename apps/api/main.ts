// The API process: `node dist/apps/api/main.js`, configured by the variables of apiEnv.
import { runServiceMain } from '../../lib/participant/run-service-main.js';
import { loadApiConfig } from './api-env.js';
import { startApi } from './start-api.js';

runServiceMain('api', () => startApi(loadApiConfig()));
