// The API process: `node dist/apps/api/main.js`, configured by the variables of apiEnv.
import { runMain } from '../../lib/process/run-main.js';
import { loadApiConfig } from './api-env.js';
import { startApi } from './start-api.js';

runMain('api', () => startApi(loadApiConfig()));
