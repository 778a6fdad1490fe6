import type { NotificationPort, OrderConfirmation } from '../../activities/index.js';

/** Keeps the confirmations it was asked to send. */
export class FakeNotification implements NotificationPort {
  readonly sent: OrderConfirmation[] = [];

  sendOrderConfirmation(message: OrderConfirmation): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}
