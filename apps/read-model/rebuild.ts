// npm run read-model:rebuild: empties the order read model and replays every topic from the start.
import { createLogger } from '../../lib/logging/index.js';
import { runMain } from '../../lib/process/run-main.js';
import { rebuildProjection } from './projection/rebuild-projection.js';
import { loadReadModelConfig } from './read-model-env.js';

runMain('order-read-model-rebuild', async () => {
  const config = loadReadModelConfig();
  await rebuildProjection(config, createLogger('order-read-model-rebuild', config.logLevel));
});
