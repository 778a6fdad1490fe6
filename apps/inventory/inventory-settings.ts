/** Injection token of the inventory's own settings. */
export const INVENTORY_SETTINGS = Symbol('INVENTORY_SETTINGS');

export interface InventorySettings {
  reservationTtlSeconds: number;
  sweepIntervalMs: number;
}
