import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import type { CompensationAction, PaymentEvent } from '../orders/order-gateway.js';

// The checkout workflow's operator and payment messages, by the names it handles them under.

export const retryCompensationUpdate = defineUpdate<OrderState, [CompensationAction]>(
  'retryCompensation',
);

export const resolveCompensationUpdate = defineUpdate<OrderState, [CompensationAction]>(
  'resolveCompensation',
);

export const paymentEventSignal = defineSignal<[PaymentEvent]>('paymentEvent');
