import type { InventoryConfig } from './inventory-env.js';

/** Injection token of the inventory's own settings. */
export const INVENTORY_SETTINGS = Symbol('INVENTORY_SETTINGS');

export type InventorySettings = Pick<InventoryConfig, 'reservationTtlSeconds' | 'sweepIntervalMs'>;
