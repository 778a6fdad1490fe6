import { startTelemetry } from '../../lib/telemetry/index.js';

await startTelemetry('payment');
// Imported after tracing has started, so that its instrumentations patch what these modules load.
await import('reflect-metadata');
const { runMain } = await import('../../lib/process/run-main.js');
const { loadPaymentConfig } = await import('./payment-env.js');
const { startPaymentService } = await import('./start-payment-service.js');

runMain('payment', () => startPaymentService(loadPaymentConfig()));
