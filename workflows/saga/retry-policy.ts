import type { Duration, RetryPolicy } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';

/** How the saga retries a failed attempt of a step or of a compensation. */
export interface SagaRetryPolicy {
  /** @default '1 second' */
  initialInterval?: Duration;
  /** @default 2 */
  backoffCoefficient?: number;
  /** Upper bound of the backoff. @default '1 minute' */
  maximumInterval?: Duration;
  /**
   * Attempts including the first; `undefined` retries without limit. Only the workflow-side retry
   * loop kept for runs started before server-side retries counts attempts. @default undefined
   */
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

/** The same backoff as an activity retry policy the Temporal server applies, without attempt limit. */
export function serverRetryPolicy(policy: SagaRetryPolicy): RetryPolicy {
  return {
    initialInterval: msToNumber(policy.initialInterval ?? '1 second'),
    backoffCoefficient: policy.backoffCoefficient ?? 2,
    maximumInterval: msToNumber(policy.maximumInterval ?? '1 minute'),
    // No maximumAttempts: unlimited.
  };
}
