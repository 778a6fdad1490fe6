import { ApplicationFailure } from '@temporalio/common';
import type { BusinessFailureType } from '../workflows/checkout/failure-types.js';
import { ParticipantRefusal, ParticipantUnavailable } from './adapters/errors.js';

const FAILURE_TYPE_BY_CODE: Readonly<Record<string, BusinessFailureType>> = {
  INSUFFICIENT_STOCK: 'InsufficientStock',
  UNKNOWN_SKU: 'UnknownSku',
  RESERVATION_EXPIRED: 'ReservationExpired',
  PAYMENT_DECLINED: 'PaymentDeclined',
  ADDRESS_UNDELIVERABLE: 'AddressUndeliverable',
  VALIDATION_FAILED: 'InvalidRequest',
};

/**
 * Turns what an adapter threw into what Temporal should do with it: a business refusal is a
 * non-retryable ApplicationFailure with a stable type; anything else stays retryable.
 */
export function toActivityFailure(error: unknown): unknown {
  if (error instanceof ParticipantRefusal) {
    const type = FAILURE_TYPE_BY_CODE[error.code] ?? 'ParticipantRefused';
    return ApplicationFailure.create({
      type,
      message: error.message,
      nonRetryable: true,
      details: [{ code: error.code }],
      cause: error,
    });
  }
  if (error instanceof ParticipantUnavailable) {
    return ApplicationFailure.create({
      type: 'ParticipantUnavailable',
      message: error.message,
      cause: error,
    });
  }
  return error;
}

/** Runs an adapter call and rethrows its failure in the form Temporal acts on. */
export async function asActivity<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toActivityFailure(error);
  }
}
