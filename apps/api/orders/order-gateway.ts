import type { OrderStatus } from '../../../workflows/checkout/order.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import type { OrderRequest } from './order-request.schema.js';

export interface AcceptedOrder {
  orderId: string;
  status: OrderStatus;
}

export interface OrderSummary {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  /** Integer minor units; known once inventory has priced the order. */
  totalAmount?: number;
  createdAt: string;
  /** When the order's saga ended. */
  closedAt?: string;
}

export interface OrderFilter {
  status?: OrderStatus;
  customerId?: string;
  pageSize: number;
  pageToken?: string;
}

export interface OrderPage {
  orders: OrderSummary[];
  /** Pass it back to get the next page; null on the last page. */
  nextPageToken: string | null;
}

/**
 * Where orders live, as the HTTP layer sees them. Failures are the ProblemExceptions of
 * order-errors.ts, so each maps to one HTTP status.
 */
export abstract class OrderGateway {
  /**
   * Starts the checkout of a new order. With an idempotency key, a repeat of the same request
   * returns the order the first one started, and another request under the key is refused.
   */
  abstract place(request: OrderRequest, idempotencyKey?: string): Promise<AcceptedOrder>;

  /** The order's current state, also once its saga has ended. */
  abstract state(orderId: string): Promise<OrderState>;

  abstract list(filter: OrderFilter): Promise<OrderPage>;

  /** Asks the saga to cancel and roll back; returns the state at which it was accepted. */
  abstract cancel(orderId: string, reason?: string): Promise<OrderState>;

  /** Tells the saga that the customer completed the action their card required. */
  abstract confirmPayment(orderId: string): Promise<OrderState>;
}
