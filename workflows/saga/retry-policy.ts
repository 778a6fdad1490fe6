import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';

/** How the saga retries a failed attempt of a step or of a compensation. */
export interface SagaRetryPolicy {
  /** @default '1 second' */
  initialInterval?: Duration;
  /** @default 2 */
  backoffCoefficient?: number;
  /** Upper bound of the backoff. @default '1 minute' */
  maximumInterval?: Duration;
  /** Attempts including the first; `undefined` retries without limit. @default undefined */
  maximumAttempts?: number;
}

/** Milliseconds to wait after the given failed attempt (1-based): capped exponential backoff. */
export function backoffAfter(attempt: number, policy: SagaRetryPolicy): number {
  const initial = msToNumber(policy.initialInterval ?? '1 second');
  const cap = msToNumber(policy.maximumInterval ?? '1 minute');
  const coefficient = policy.backoffCoefficient ?? 2;
  return Math.min(initial * coefficient ** (attempt - 1), cap);
}

export function hasAttemptsLeft(attempt: number, policy: SagaRetryPolicy): boolean {
  return policy.maximumAttempts === undefined || attempt < policy.maximumAttempts;
}
