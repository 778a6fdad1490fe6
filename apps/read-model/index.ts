export { loadReadModelConfig, readModelEnv, type ReadModelConfig } from './read-model-env.js';
export { startReadModel, type RunningReadModel } from './start-read-model.js';
