import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';

/** How a participant call is scheduled, given how long one attempt may take. */
export function participantCall(startToCloseTimeout: Duration): ActivityOptions {
  return {
    startToCloseTimeout,
    // The saga owns retries, so every attempt and its error appear in the order state.
    retry: { maximumAttempts: 1 },
    // A step in flight may still take effect: never start compensating before it has settled.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  };
}
