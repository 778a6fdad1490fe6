import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import type { SagaOptions } from '../saga/index.js';

/** How every participant call is scheduled. */
export const PARTICIPANT_CALL: ActivityOptions = {
  // An adapter aborts each HTTP call after 5 seconds; a compensation makes a lookup and an action.
  startToCloseTimeout: '15 seconds',
  // The saga owns retries (below), so every attempt and its error appear in the order state.
  retry: { maximumAttempts: 1 },
  // A step in flight may still take effect: never start compensating before it has settled.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
};

export const CHECKOUT_SAGA: SagaOptions = {
  stepRetry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 5,
  },
  compensationRetry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
  },
};

export const DEFAULT_PAYMENT_CONFIRMATION_TIMEOUT = '10 minutes';
