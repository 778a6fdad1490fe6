// The worker process: `node dist/apps/worker/main.js`, configured by the variables of workerEnv.
import { startTelemetry } from '../../lib/telemetry/index.js';

await startTelemetry('checkout-worker');
// Imported after tracing has started, so that its instrumentations patch what these modules load.
const { createLogger } = await import('../../lib/logging/index.js');
const { runMain } = await import('../../lib/process/run-main.js');
const { installRuntime } = await import('./install-runtime.js');
const { startWorker } = await import('./start-worker.js');
const { loadWorkerConfig } = await import('./worker-env.js');

runMain('worker', async () => {
  const config = loadWorkerConfig();
  const logger = createLogger('worker', config.logLevel);
  installRuntime(config, logger);
  const { finished } = await startWorker(config);
  logger.info(
    {
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      address: config.temporal.address,
      workflowBundle: config.workflowBundlePath ?? 'built at start-up',
      metrics: config.metricsPort > 0 ? `http://localhost:${config.metricsPort}/metrics` : 'off',
    },
    'Worker polling',
  );
  await finished;
  logger.info('Worker stopped');
});
