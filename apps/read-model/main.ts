import 'reflect-metadata';
import { runMain } from '../../lib/process/run-main.js';
import { loadReadModelConfig } from './read-model-env.js';
import { startReadModel } from './start-read-model.js';

runMain('order-read-model', () => startReadModel(loadReadModelConfig()));
