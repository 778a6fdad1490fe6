// The worker process: `node dist/apps/worker/main.js`, configured by the variables of workerEnv.
import { createLogger } from '../../lib/logging/index.js';
import { runMain } from '../../lib/process/run-main.js';
import { installRuntime } from './install-runtime.js';
import { startWorker } from './start-worker.js';
import { loadWorkerConfig } from './worker-env.js';

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
