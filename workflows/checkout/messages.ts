import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OrderState } from './order-state.js';

/** The order's current state, also answered after the workflow has closed. */
export const getStateQuery = defineQuery<OrderState>('getState');

export interface CancelOrderRequest {
  reason?: string;
}

/**
 * The customer cancels the order. The validator refuses it from the pivot on, so the caller
 * learns synchronously whether the cancellation was accepted; the rollback then runs on its own.
 */
export const cancelOrderUpdate = defineUpdate<OrderState, [CancelOrderRequest]>('cancelOrder');

/** The customer completed the action their card required (3-D Secure and the like). */
export const confirmPaymentUpdate = defineUpdate<OrderState>('confirmPayment');

/** Update validators refuse with this error type; the API maps it to 409. */
export const MESSAGE_REFUSED = 'MessageRefused';
