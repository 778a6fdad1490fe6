import 'reflect-metadata';
import { runServiceMain } from '../../lib/participant/index.js';
import { loadInventoryConfig } from './inventory-env.js';
import { startInventoryService } from './start-inventory-service.js';

runServiceMain('inventory', () => startInventoryService(loadInventoryConfig()));
