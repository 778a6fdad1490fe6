import type { OrderStatus } from '../../../workflows/checkout/order.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import type { PlacedOrderRequest } from './order-request.schema.js';

export interface AcceptedOrder {
  orderId: string;
  status: OrderStatus;
}

/**
 * What POST /orders answers: the order state once its reservation has settled (priced, or FAILED
 * out of stock), or only its id and status when that takes longer than the wait allows.
 */
export type PlacedOrder =
  { settled: true; state: OrderState } | { settled: false; order: AcceptedOrder };

export interface OrderSummary {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  /** Integer minor units; known once inventory has priced the order. */
  totalAmount?: number;
  /** The total's currency, when the list's source knows it. */
  currency?: string;
  createdAt: string;
  /** When the order last changed, as far as the list's source knows. */
  updatedAt?: string;
}

export interface OrderFilter {
  status?: OrderStatus;
  customerId?: string;
  /** Only orders with a stuck compensation. */
  stuck?: boolean;
  pageSize: number;
  pageToken?: string;
}

export interface OrderPage {
  orders: OrderSummary[];
  /** Pass it back to get the next page; null on the last page. */
  nextPageToken: string | null;
}

/**
 * Whose orders a call may touch: a customer's own only (`customerId`), or every order. An order
 * outside it is OrderNotFound, exactly like one that does not exist.
 */
export interface OrderScope {
  customerId?: string;
}

/** A caller's Idempotency-Key; the same key of two callers names two orders. */
export interface IdempotencyScope {
  callerId: string;
  key: string;
}

/** An operator's action on a failing compensation. */
export interface CompensationAction {
  compensation: string;
  /** The operator's id. */
  by: string;
  reason?: string;
}

/** A payment provider's event about an order's charge, once its signature is verified. */
export interface PaymentEvent {
  eventId: string;
  type: 'charge.succeeded' | 'charge.failed';
  chargeId: string;
}

/**
 * Where orders live, as the HTTP layer sees them. Failures are the ProblemExceptions of
 * order-errors.ts, so each maps to one HTTP status.
 */
export abstract class OrderGateway {
  /**
   * Starts the checkout of a new order and waits a moment for its reservation to settle. With an
   * idempotency key, a repeat of the same request returns the order the first one started, and
   * another request under the key is refused.
   */
  abstract place(request: PlacedOrderRequest, idempotency?: IdempotencyScope): Promise<PlacedOrder>;

  /**
   * The order's current state, also once its saga has ended (then without needing a worker), with
   * the running activities' attempts and last failures.
   */
  abstract state(orderId: string, scope: OrderScope): Promise<OrderState>;

  /** Lists from the workflow engine's visibility: operators' stuck-compensation lists. */
  abstract list(filter: OrderFilter): Promise<OrderPage>;

  /** Asks the saga to cancel and roll back; returns the state at which it was accepted. */
  abstract cancel(orderId: string, scope: OrderScope, reason?: string): Promise<OrderState>;

  /** Asks the saga to check the charge with the payment provider again (a missed webhook). */
  abstract confirmPayment(orderId: string, scope: OrderScope): Promise<OrderState>;

  /** Starts the failing compensation's next attempt now. */
  abstract retryCompensation(orderId: string, action: CompensationAction): Promise<OrderState>;

  /** Marks the failing compensation as done by hand; the unwinding goes on. */
  abstract resolveCompensation(orderId: string, action: CompensationAction): Promise<OrderState>;

  /** Hands the event to the order; false when the order is unknown or has finished. */
  abstract deliverPaymentEvent(orderId: string, event: PaymentEvent): Promise<boolean>;
}
