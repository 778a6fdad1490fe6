import type { OrderEvent } from '../../../workflows/checkout/order-events.js';

export type { OrderEvent } from '../../../workflows/checkout/order-events.js';

/**
 * Where the order's lifecycle events go. `publish` resolves once the event is durably accepted and
 * throws on anything transient (the activity is retried); publishing an event again is harmless,
 * consumers deduplicate by its id.
 */
export interface OrderEventPublisher {
  publish(event: OrderEvent): Promise<void>;
  /** Flushes and releases the connection; the worker calls it after it stopped. */
  close(): Promise<void>;
}
