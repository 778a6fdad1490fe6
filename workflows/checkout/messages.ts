import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OrderState } from './order-state.js';

/** The order's current state, also answered after the workflow has closed. */
export const getStateQuery = defineQuery<OrderState>('getState');

/**
 * Answers once the reservation has settled: the order is priced (past RESERVING_INVENTORY), or it
 * has FAILED or been CANCELLED. The API sends it with the workflow's start (Update-With-Start) to
 * answer the order's creation with its priced state.
 */
export const acceptOrderUpdate = defineUpdate<OrderState>('acceptOrder');

export interface CancelOrderRequest {
  reason?: string;
}

/**
 * The customer cancels the order. The validator refuses it from the pivot on, so the caller
 * learns synchronously whether the cancellation was accepted; an accepted one always ends the
 * order CANCELLED, with every effect undone.
 */
export const cancelOrderUpdate = defineUpdate<OrderState, [CancelOrderRequest]>('cancelOrder');

/**
 * Asks the order to re-check its charge with the payment provider (a webhook may have been
 * missed). Refused unless the order is AWAITING_PAYMENT_CONFIRMATION; the order moves on only if
 * the provider reports the charge SUCCEEDED.
 */
export const confirmPaymentUpdate = defineUpdate<OrderState>('confirmPayment');

/** A verified webhook of the payment provider, relayed by the API. */
export interface PaymentEvent {
  eventId: string;
  type: 'charge.succeeded' | 'charge.failed';
  chargeId: string;
}

/** Never trusted alone: the workflow reads the charge from the provider before moving on. */
export const paymentEventSignal = defineSignal<[PaymentEvent]>('paymentEvent');

export interface CompensationActionRequest {
  compensation: string;
  /** The operator. */
  by: string;
  /** Required for resolve; the API validates it. */
  reason?: string;
}

/** An operator starts the failing compensation's next attempt now. */
export const retryCompensationUpdate = defineUpdate<OrderState, [CompensationActionRequest]>(
  'retryCompensation',
);

/** An operator undid the effect by hand: the compensation is RESOLVED_MANUALLY, unwinding goes on. */
export const resolveCompensationUpdate = defineUpdate<OrderState, [CompensationActionRequest]>(
  'resolveCompensation',
);

/** Update validators refuse with this error type; the API maps it to 409. */
export const MESSAGE_REFUSED = 'MessageRefused';
