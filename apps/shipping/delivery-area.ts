/** Deterministic fixture: Antarctica is outside the delivery area. */
const UNDELIVERABLE_COUNTRIES = new Set(['AQ']);

export function isDeliverable(country: string): boolean {
  return !UNDELIVERABLE_COUNTRIES.has(country);
}
