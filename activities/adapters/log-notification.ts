import { log } from '@temporalio/activity';
import type { NotificationPort, OrderConfirmation } from './ports.js';

/** Stands in for an e-mail or messaging provider: it records the confirmation in the worker log. */
export class LogNotificationAdapter implements NotificationPort {
  sendOrderConfirmation(message: OrderConfirmation, idempotencyKey: string): Promise<void> {
    log.info('Order confirmation sent', {
      orderId: message.orderId,
      customerId: message.customerId,
      total: message.total,
      trackingNumber: message.trackingNumber,
      idempotencyKey,
    });
    return Promise.resolve();
  }
}
