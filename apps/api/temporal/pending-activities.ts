import type { WorkflowExecutionDescription } from '@temporalio/client';
import { optionalTsToDate } from '@temporalio/common/lib/time.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';

type PendingActivity = NonNullable<
  WorkflowExecutionDescription['raw']['pendingActivities']
>[number];

interface AttemptFields {
  activityId?: string;
  status: string;
  attempts: number;
  lastError?: string;
  nextAttemptAt?: string;
}

/**
 * The server retries activities without telling the workflow, so the workflow's records know only
 * which activity runs them; the server's pending-activity info adds the attempt, its last failure
 * and when the next attempt starts.
 */
export function withPendingActivities(
  state: OrderState,
  pending: readonly PendingActivity[] | null | undefined,
): OrderState {
  if (!pending || pending.length === 0) return state;
  const byId = new Map(pending.map((activity) => [activity.activityId ?? '', activity]));
  const merge = <Record extends AttemptFields>(record: Record): Record => {
    const activity = record.activityId === undefined ? undefined : byId.get(record.activityId);
    return activity ? { ...record, ...attemptFieldsOf(activity, record) } : record;
  };
  return {
    ...state,
    steps: state.steps.map(merge),
    compensations: state.compensations.map(merge),
  };
}

function attemptFieldsOf(activity: PendingActivity, record: AttemptFields): Partial<AttemptFields> {
  const lastError = activity.lastFailure?.message;
  const nextAttemptAt = optionalTsToDate(activity.nextAttemptScheduleTime);
  return {
    // A running record whose activity has failed before is retrying, as the order state says.
    ...(record.status === 'RUNNING' && lastError ? { status: 'RETRYING' } : {}),
    // The record counts activity executions; the server counts the attempts of the current one.
    attempts: Math.max(record.attempts, record.attempts - 1 + (activity.attempt ?? 0)),
    ...(lastError ? { lastError } : {}),
    ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}),
  };
}
