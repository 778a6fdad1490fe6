import { activityInfo } from '@temporalio/activity';

/**
 * `<workflowId>:<step>`: stable across retries, worker crashes and workflow resets, so a
 * participant applies each step of an order at most once.
 */
export function idempotencyKey(): string {
  const { activityType, workflowExecution } = activityInfo();
  if (workflowExecution === undefined) {
    throw new Error(
      `Activity ${activityType} must run inside a workflow: its key names the workflow`,
    );
  }
  return `${workflowExecution.workflowId}:${activityType}`;
}

/**
 * A compensation may undo several records of one order; each gets a key of its own, because
 * reusing a key for another record is refused.
 */
export function idempotencyKeyFor(recordId: string): string {
  return `${idempotencyKey()}:${recordId}`;
}
