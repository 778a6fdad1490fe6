import {
  ActivityFailure,
  ApplicationFailure,
  isCancellation,
  type LocalActivityOptions,
} from '@temporalio/workflow';

/**
 * One attempt as a local activity: it runs in the worker inside the workflow task that asks for
 * it, leaves a marker in the history instead of a scheduled activity, and needs no workflow task
 * of its own when it completes. The task waits for it, so it is short and never retried in place:
 * retries there would hold the task open, and a long outage would fill the history with the
 * task's heartbeats.
 */
export const LOCAL_ATTEMPT = {
  startToCloseTimeout: '2 seconds',
  retry: { maximumAttempts: 1 },
} as const satisfies LocalActivityOptions;

/**
 * Runs `local` once; when it fails in a way that may pass (a timeout, a participant or a broker
 * that is down), runs `durable` instead: an activity the server retries for as long as it takes.
 * A refusal for good, or a cancellation, is thrown.
 */
export async function locallyFirst<T>(
  local: () => Promise<T>,
  durable: () => Promise<T>,
): Promise<T> {
  try {
    return await local();
  } catch (error) {
    if (isCancellation(error) || isRefusal(error)) throw error;
    return durable();
  }
}

function isRefusal(error: unknown): boolean {
  // A local activity's failure may come as the activity's own error, without the wrapper.
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.nonRetryable === true;
}
