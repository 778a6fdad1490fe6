// The API process: `node dist/apps/api/main.js`, configured by the variables of apiEnv.
import { startTelemetry } from '../../lib/telemetry/index.js';

await startTelemetry('checkout-api');
// Imported after tracing has started, so that its instrumentations patch what these modules load.
const { runMain } = await import('../../lib/process/run-main.js');
const { loadApiConfig } = await import('./api-env.js');
const { startApi } = await import('./start-api.js');

runMain('api', () => startApi(loadApiConfig()));
