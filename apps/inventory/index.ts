export { inventoryEnv, loadInventoryConfig, type InventoryConfig } from './inventory-env.js';
export { startInventoryService, type InventoryServiceOptions } from './start-inventory-service.js';
