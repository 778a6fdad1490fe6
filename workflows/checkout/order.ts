import type { Duration } from '@temporalio/common';

export interface OrderItem {
  sku: string;
  quantity: number;
}

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  country: string;
}

/** Amounts are integer minor units (cents). */
export interface Money {
  amount: number;
  currency: string;
}

export interface PricedItem extends OrderItem {
  unitPrice: number;
}

export interface CheckoutInput {
  orderId: string;
  customerId: string;
  items: OrderItem[];
  paymentToken: string;
  shippingAddress: ShippingAddress;
  /**
   * How long the customer has to confirm a charge that needs their action (3-D Secure and the like).
   * @default '10 minutes'
   */
  paymentConfirmationTimeout?: Duration;
  /**
   * How long a step may retry a participant that does not answer before the order fails and rolls
   * back: within it, an outage delays the order and fails nothing.
   * @default '2 minutes'
   */
  stepTimeBudget?: Duration;
  /**
   * A compensation unfinished after this long is flagged as stuck for operators.
   * @default '15 minutes'
   */
  compensationStuckAfter?: Duration;
}

export const ORDER_STATUSES = [
  'PENDING',
  'RESERVING_INVENTORY',
  'CHARGING_PAYMENT',
  'AWAITING_PAYMENT_CONFIRMATION',
  'SCHEDULING_SHIPPING',
  'CONFIRMING',
  'COMPLETED',
  'COMPENSATING',
  'FAILED',
  'CANCELLED',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];
