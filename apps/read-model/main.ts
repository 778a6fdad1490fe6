import { startTelemetry } from '../../lib/telemetry/index.js';

await startTelemetry('order-read-model');
// Imported after tracing has started, so that its instrumentations patch what these modules load.
await import('reflect-metadata');
const { runMain } = await import('../../lib/process/run-main.js');
const { loadReadModelConfig } = await import('./read-model-env.js');
const { startReadModel } = await import('./start-read-model.js');

runMain('order-read-model', () => startReadModel(loadReadModelConfig()));
