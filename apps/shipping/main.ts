import { startTelemetry } from '../../lib/telemetry/index.js';

await startTelemetry('shipping');
// Imported after tracing has started, so that its instrumentations patch what these modules load.
await import('reflect-metadata');
const { runMain } = await import('../../lib/process/run-main.js');
const { loadShippingConfig } = await import('./shipping-env.js');
const { startShippingService } = await import('./start-shipping-service.js');

runMain('shipping', () => startShippingService(loadShippingConfig()));
