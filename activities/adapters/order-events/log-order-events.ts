import { log } from '@temporalio/activity';
import type { OrderEvent, OrderEventPublisher } from './order-event-publisher.js';

/**
 * Development only: writes each event to the worker log instead of a broker, so no consumer ever
 * sees it. The worker uses it only when ORDER_EVENTS_DEV_LOG_ONLY=true.
 */
export class LogOrderEvents implements OrderEventPublisher {
  publish(event: OrderEvent): Promise<void> {
    log.info('Order event (not published: ORDER_EVENTS_DEV_LOG_ONLY)', {
      eventId: event.id,
      type: event.type,
      orderId: event.subject,
    });
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
