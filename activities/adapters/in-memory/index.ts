import { InMemoryOrderEvents } from '../order-events/in-memory-order-events.js';
import type { CheckoutAdapters } from '../ports.js';
import { InMemoryInventory } from './in-memory-inventory.js';
import { InMemoryNotification } from './in-memory-notification.js';
import { InMemoryPayment } from './in-memory-payment.js';
import { InMemoryShipping } from './in-memory-shipping.js';

export { InMemoryInventory } from './in-memory-inventory.js';
export { InMemoryNotification } from './in-memory-notification.js';
export { IN_MEMORY_PAYMENT_URL, InMemoryPayment } from './in-memory-payment.js';
export { InMemoryShipping } from './in-memory-shipping.js';

/**
 * The participants in memory, with the same fixtures as the services (test cards, a scarce SKU,
 * the undeliverable country AQ): for tests, benchmarks and demos without PostgreSQL.
 */
export function createInMemoryAdapters(): CheckoutAdapters & {
  inventory: InMemoryInventory;
  payment: InMemoryPayment;
  shipping: InMemoryShipping;
  notification: InMemoryNotification;
  orderEvents: InMemoryOrderEvents;
} {
  return {
    inventory: new InMemoryInventory(),
    payment: new InMemoryPayment(),
    shipping: new InMemoryShipping(),
    notification: new InMemoryNotification(),
    orderEvents: new InMemoryOrderEvents(),
  };
}
