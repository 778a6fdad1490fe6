import type { OrderStatus } from '../../../workflows/checkout/order.js';

export const FINAL_STATUSES: readonly OrderStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/**
 * How far along the saga each status is. The projection only moves an order up this rank, so
 * events arriving out of order (the topics are ordered per order only within each topic) cannot
 * move it back, and the final statuses, sharing the top rank, never change once reached.
 */
const STATUS_RANK: Partial<Record<OrderStatus, number>> = {
  PENDING: 0,
  CHARGING_PAYMENT: 1,
  AWAITING_PAYMENT_CONFIRMATION: 2,
  SCHEDULING_SHIPPING: 3,
  CONFIRMING: 4,
  COMPENSATING: 5,
  COMPLETED: 100,
  FAILED: 100,
  CANCELLED: 100,
};

/**
 * The status each event type shows the order in: the lifecycle events say it outright; a
 * participant's event says which step the saga has reached (a held reservation means the charge
 * comes next) or that it is unwinding. An expired reservation says nothing about the saga.
 */
const STATUS_AFTER: Record<string, OrderStatus | undefined> = {
  'checkout.order.placed': 'PENDING',
  'checkout.order.completed': 'COMPLETED',
  'checkout.order.failed': 'FAILED',
  'checkout.order.cancelled': 'CANCELLED',
  'inventory.reservation.held': 'CHARGING_PAYMENT',
  'inventory.reservation.confirmed': 'CONFIRMING',
  'inventory.reservation.released': 'COMPENSATING',
  'inventory.reservation.expired': undefined,
  'payment.charge.requires_action': 'AWAITING_PAYMENT_CONFIRMATION',
  'payment.charge.succeeded': 'SCHEDULING_SHIPPING',
  'payment.charge.declined': 'COMPENSATING',
  'payment.charge.refunded': 'COMPENSATING',
  'payment.charge.canceled': 'COMPENSATING',
  'shipping.shipment.scheduled': 'CONFIRMING',
  'shipping.shipment.cancelled': 'COMPENSATING',
};

export interface RankedStatus {
  status: OrderStatus;
  rank: number;
}

/** The status an event of this type implies, or undefined when it implies none. */
export function statusAfter(eventType: string): RankedStatus | undefined {
  const status = STATUS_AFTER[eventType];
  if (status === undefined) return undefined;
  return { status, rank: STATUS_RANK[status] ?? 0 };
}

export function isFinal(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}
