import { startTelemetry } from '../../lib/telemetry/index.js';

await startTelemetry('inventory');
// Imported after tracing has started, so that its instrumentations patch what these modules load.
await import('reflect-metadata');
const { runMain } = await import('../../lib/process/run-main.js');
const { loadInventoryConfig } = await import('./inventory-env.js');
const { startInventoryService } = await import('./start-inventory-service.js');

runMain('inventory', () => startInventoryService(loadInventoryConfig()));
