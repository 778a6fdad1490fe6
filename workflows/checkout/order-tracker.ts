import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  isCancellation,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { describeFailure, type Saga } from '../saga/index.js';
import { CANCELLED_BY_CUSTOMER, CANCELLED_BY_OPERATOR, toFailureCode } from './failure-types.js';
import type { CheckoutInput, OrderStatus } from './order.js';
import type { OrderFailure, OrderState } from './order-state.js';
import type { Reservation } from '../../activities/adapters/ports.js';
import { COMPENSATION_STUCK, CUSTOMER_ID, ORDER_STATUS, ORDER_TOTAL } from './search-attributes.js';

/**
 * What the order writes to its search attributes (each write is a history event and a visibility
 * write). operator-filters: the status once the order unwinds or closes, with its total, and
 * CompensationStuck when it changes. every-status: also every status on the way and the total once
 * priced, as runs started before the lifecycle events did.
 */
export type SearchAttributeMirroring = 'operator-filters' | 'every-status';

/** Statuses written to the OrderStatus search attribute with operator-filters. */
const MIRRORED_STATUSES: readonly OrderStatus[] = [
  'COMPENSATING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
];

/** Statuses in which the reservation is settled without a price. */
const CLOSED_UNPRICED: readonly OrderStatus[] = ['FAILED', 'CANCELLED'];

/** The order's queryable state, mirrored into search attributes for operators. */
export class OrderTracker {
  private readonly state: Omit<OrderState, 'steps' | 'compensations'>;
  private readonly mirrorsEveryStatus: boolean;

  constructor(
    input: CheckoutInput,
    private readonly saga: Saga,
    mirroring: SearchAttributeMirroring,
  ) {
    this.mirrorsEveryStatus = mirroring === 'every-status';
    this.state = {
      orderId: input.orderId,
      status: 'PENDING',
      customerId: input.customerId,
      items: input.items,
    };
    const known = workflowInfo().typedSearchAttributes;
    const missing: SearchAttributeUpdatePair[] = [];
    if (known.get(CUSTOMER_ID) === undefined)
      missing.push({ key: CUSTOMER_ID, value: input.customerId });
    if (known.get(ORDER_STATUS) === undefined)
      missing.push({ key: ORDER_STATUS, value: 'PENDING' });
    if (missing.length > 0) upsertSearchAttributes(missing);
  }

  get status(): OrderStatus {
    return this.state.status;
  }

  moveTo(status: OrderStatus): void {
    if (status !== 'AWAITING_PAYMENT_CONFIRMATION') {
      delete this.state.paymentConfirmationDeadline;
      delete this.state.paymentAction;
    }
    this.state.status = status;
    if (this.mirrorsEveryStatus) {
      upsertSearchAttributes([{ key: ORDER_STATUS, value: status }]);
    } else if (MIRRORED_STATUSES.includes(status)) {
      const { total } = this.state;
      upsertSearchAttributes([
        { key: ORDER_STATUS, value: status },
        ...(total === undefined ? [] : [{ key: ORDER_TOTAL, value: total.amount }]),
      ]);
    }
    // Shown by the Web UI and `temporal workflow describe`; adds nothing to the history.
    setCurrentDetails(`Order ${this.state.orderId} is **${status}**`);
  }

  /** The charge waits for the customer; `url` is where they pass the card's challenge. */
  awaitPaymentConfirmation(deadline: Date, url?: string): void {
    this.moveTo('AWAITING_PAYMENT_CONFIRMATION');
    this.state.paymentConfirmationDeadline = deadline.toISOString();
    if (url !== undefined) this.state.paymentAction = { url, expiresAt: deadline.toISOString() };
  }

  /** Keeps the CompensationStuck search attribute equal to whether any compensation is stuck. */
  compensationsStuck(anyStuck: boolean): void {
    upsertSearchAttributes([{ key: COMPENSATION_STUCK, value: anyStuck }]);
  }

  priced(reservation: Reservation): void {
    this.state.items = reservation.lines;
    this.state.total = reservation.total;
    if (this.mirrorsEveryStatus) {
      upsertSearchAttributes([{ key: ORDER_TOTAL, value: reservation.total.amount }]);
    }
  }

  /** The reservation has settled: the order is priced, or it closed without a price. */
  get isAccepted(): boolean {
    return this.state.total !== undefined || CLOSED_UNPRICED.includes(this.state.status);
  }

  shipped(trackingNumber: string): void {
    this.state.trackingNumber = trackingNumber;
  }

  /** Records why the saga is unwinding and moves to COMPENSATING. */
  unwinding(error: unknown, cancelReason: string | undefined): void {
    this.state.failure = this.describe(error, cancelReason);
    this.moveTo('COMPENSATING');
  }

  snapshot(): OrderState {
    const { steps, compensations, audit } = this.saga.timeline();
    return {
      ...this.state,
      items: [...this.state.items],
      steps,
      compensations,
      ...(audit.length > 0 ? { audit } : {}),
    };
  }

  private describe(error: unknown, cancelReason: string | undefined): OrderFailure {
    const { steps } = this.saga.timeline();
    const step = steps.at(-1)?.name ?? 'none';
    if (cancelReason !== undefined) {
      return { step, code: CANCELLED_BY_CUSTOMER, message: cancelReason };
    }
    if (isCancellation(error)) {
      return { step, code: CANCELLED_BY_OPERATOR, message: 'The workflow was cancelled' };
    }
    const { type, message } = describeFailure(error);
    return { step, code: toFailureCode(type), message };
  }
}
