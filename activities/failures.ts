import { activityInfo } from '@temporalio/activity';
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

export const RETRY_BACKOFF = { initialMs: 1000, coefficient: 2, maximumMs: 60_000 } as const;

/**
 * The wait before the attempt after `attempt` (1-based): capped exponential backoff with "equal
 * jitter", between half and all of the backoff, so that the orders an outage held back do not all
 * come back in the same second. The server's retry policy has no jitter, hence `nextRetryDelay`.
 */
export function retryDelayAfter(attempt: number, random: () => number = Math.random): number {
  const backoff = Math.min(
    RETRY_BACKOFF.initialMs * RETRY_BACKOFF.coefficient ** (attempt - 1),
    RETRY_BACKOFF.maximumMs,
  );
  return Math.round(backoff / 2 + (random() * backoff) / 2);
}

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
      nextRetryDelay: retryDelayAfter(activityInfo().attempt),
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
