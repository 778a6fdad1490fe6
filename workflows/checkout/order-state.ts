import type { AuditEntry, CompensationRecord, StepRecord } from '../saga/index.js';
import type { Money, OrderItem, OrderStatus, PricedItem } from './order.js';

export interface OrderFailure {
  /** The step that failed or was running when the customer cancelled. */
  step: string;
  /** A stable, machine-readable code such as PAYMENT_DECLINED or CANCELLED_BY_CUSTOMER. */
  code: string;
  message: string;
}

/** What `GET /orders/{orderId}` returns: the workflow's `getState` query. */
export interface OrderState {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  /** Priced once inventory is reserved; prices always come from the inventory catalog. */
  items: (OrderItem | PricedItem)[];
  total?: Money;
  steps: StepRecord[];
  compensations: CompensationRecord[];
  failure?: OrderFailure;
  /** Set while the charge waits for the customer: the deadline of the confirmation. */
  paymentConfirmationDeadline?: string;
  /** Set while the charge waits for the customer: where they pass the card's challenge, and until when. */
  paymentAction?: PaymentAction;
  /** Operators' actions on compensations, oldest first; absent until there is one. */
  audit?: AuditEntry[];
  trackingNumber?: string;
}

export interface PaymentAction {
  url: string;
  /** ISO-8601: the step fails when the customer has not passed the challenge by then. */
  expiresAt: string;
}
