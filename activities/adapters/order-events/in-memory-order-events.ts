import type { OrderEvent, OrderEventPublisher } from './order-event-publisher.js';

/** Keeps each event once, by id, in the order first published: for tests and benchmarks. */
export class InMemoryOrderEvents implements OrderEventPublisher {
  readonly published: OrderEvent[] = [];

  publish(event: OrderEvent): Promise<void> {
    if (!this.published.some(({ id }) => id === event.id)) this.published.push(event);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
