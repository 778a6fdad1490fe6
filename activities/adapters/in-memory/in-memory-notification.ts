import type { NotificationPort, OrderConfirmation } from '../ports.js';

/** Keeps the confirmations it was asked to send. */
export class InMemoryNotification implements NotificationPort {
  readonly sent: OrderConfirmation[] = [];

  sendOrderConfirmation(message: OrderConfirmation): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}
