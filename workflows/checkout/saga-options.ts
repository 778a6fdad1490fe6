import { msToNumber } from '@temporalio/common/lib/time.js';
import type { RetryMode, SagaObserver, SagaOptions } from '../saga/index.js';
import type { CheckoutInput } from './order.js';

export const DEFAULT_PAYMENT_CONFIRMATION_TIMEOUT = '10 minutes';

/**
 * Which compensations of the checkout may run at the same time. The refund depends on nothing: the
 * customer's money must not wait for a shipping or inventory outage. Releasing the reservation
 * waits for the shipment's cancellation, so that stock is not put back on sale while a parcel of
 * it may still leave the warehouse.
 */
export const CHECKOUT_UNWIND_AFTER: Readonly<Record<string, readonly string[]>> = {
  releaseReservation: ['cancelShipment'],
};

export function checkoutSagaOptions(
  input: CheckoutInput,
  retries: RetryMode,
  observer: SagaObserver,
): SagaOptions {
  return {
    retries,
    // Runs that retry in the workflow unwind one by one, as their histories recorded.
    parallelCompensation: retries === 'server',
    unwindAfter: CHECKOUT_UNWIND_AFTER,
    stepTimeBudget: msToNumber(input.stepTimeBudget ?? '2 minutes'),
    compensationStuckAfter: msToNumber(input.compensationStuckAfter ?? '15 minutes'),
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
    observer,
  };
}
