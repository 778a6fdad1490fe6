import 'reflect-metadata';
import { runMain } from '../../lib/process/run-main.js';
import { loadInventoryConfig } from './inventory-env.js';
import { startInventoryService } from './start-inventory-service.js';

runMain('inventory', () => startInventoryService(loadInventoryConfig()));
