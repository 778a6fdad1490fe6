import type { SagaOptions } from '../saga/index.js';

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
