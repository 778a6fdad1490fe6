import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  isCancellation,
} from '@temporalio/workflow';

/** What the timeline records of a failed attempt. */
export interface FailureDescription {
  /** The ApplicationFailure type, `Timeout` or `Error`. */
  type: string;
  message: string;
  nonRetryable: boolean;
}

/** Sees through the ActivityFailure wrapper to the failure the activity raised. */
export function describeFailure(error: unknown): FailureDescription {
  const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
  if (cause instanceof ApplicationFailure) {
    return {
      type: cause.type ?? 'Error',
      message: cause.message,
      nonRetryable: cause.nonRetryable === true,
    };
  }
  if (cause instanceof TimeoutFailure) {
    return {
      type: 'Timeout',
      message: `activity timed out (${(cause.timeoutType ?? 'unspecified').toLowerCase().replaceAll('_', '-')})`,
      nonRetryable: false,
    };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { type: 'Error', message, nonRetryable: false };
}

/** A failure is retried unless it is a cancellation or was raised as non-retryable. */
export function isRetryableFailure(error: unknown): boolean {
  return !isCancellation(error) && !describeFailure(error).nonRetryable;
}
