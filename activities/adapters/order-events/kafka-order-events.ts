import { topicOf } from '../../../lib/events/index.js';
import { createEventProducer, type EventProducer } from '../../../lib/kafka/index.js';
import { publishTraced } from '../../../lib/telemetry/index.js';
import type { OrderEvent, OrderEventPublisher } from './order-event-publisher.js';

export interface KafkaOrderEventsOptions {
  bootstrapServers: string;
  clientId: string;
}

/**
 * Publishes each event to its topic (`checkout.orders`) as a structured-mode CloudEvent, keyed by
 * the orderId so that an order's events stay in order. The producer is idempotent; a publish
 * retried after a lost acknowledgement may still reach the topic twice, and consumers drop the
 * repeat by its id.
 */
export class KafkaOrderEvents implements OrderEventPublisher {
  constructor(private readonly producer: EventProducer) {}

  static connect({ bootstrapServers, clientId }: KafkaOrderEventsOptions): KafkaOrderEvents {
    const producer = createEventProducer({ bootstrapServers, clientId });
    // Connecting ahead spares the worker's first order the producer's set-up. It may fail while
    // the broker is still starting: the first publish then connects, and reports any error.
    producer.connect([topicOf('checkout.order.placed')]).catch(() => undefined);
    return new KafkaOrderEvents(producer);
  }

  publish(event: OrderEvent): Promise<void> {
    const message = {
      topic: topicOf(event.type),
      key: event.subject,
      value: JSON.stringify(event),
      headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    };
    return publishTraced([message], (messages) => this.producer.publish(messages));
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
