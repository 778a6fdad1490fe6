import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, Connection } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes.js';
import { optionalTsToMs, tsToMs } from '@temporalio/common/lib/time.js';
import { ORDER_STATUS } from '../workflows/checkout/search-attributes.js';

/** One workflow of a phase, as Temporal's visibility records it. */
export interface ClosedWorkflow {
  workflowId: string;
  runId: string;
  startMs: number;
  closeMs: number | undefined;
  /** COMPLETED, FAILED, RUNNING… */
  status: string;
  /** The checkout's OrderStatus search attribute; undefined for the ceiling workflow. */
  orderStatus: string | undefined;
  historyLength: number;
}

const byQueue = (taskQueue: string) => `TaskQueue = "${taskQueue}"`;

/**
 * Waits until visibility shows `expected` workflows on the task queue, none of them running.
 * Counting is one cheap visibility call every quarter second, whatever the number of orders.
 * False when the deadline passes first.
 */
export async function waitUntilAllClosed(
  client: Client,
  taskQueue: string,
  expected: number,
  deadline: number,
): Promise<boolean> {
  let failures = 0;
  for (;;) {
    try {
      const [all, running] = await Promise.all([
        client.workflow.count(byQueue(taskQueue)),
        client.workflow.count(`${byQueue(taskQueue)} AND ExecutionStatus = "Running"`),
      ]);
      if (all.count >= expected && running.count === 0) return true;
    } catch (error) {
      // A dev server under heavy load once answered a count with NamespaceNotFound for
      // "default", which it had served all along: one failed poll must not end the run.
      failures += 1;
      if (failures === 1 || failures % 20 === 0) {
        console.log(`counting the workflows failed (${failures}×), trying again: ${String(error)}`);
      }
    }
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

/**
 * Calls `read` until it succeeds, up to `attempts` times a second apart: a visibility read
 * of a loaded dev server may fail for a moment, and the run's figures should not be lost.
 */
export async function retried<T>(what: string, read: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.log(`${what} failed (attempt ${attempt}), trying again: ${String(error)}`);
      await sleep(1000);
    }
  }
}

type RawExecution = NonNullable<
  Awaited<ReturnType<Client['workflowService']['listWorkflowExecutions']>>['executions']
>[number];

/** temporal.api.enums.v1.WorkflowExecutionStatus, by number. */
const STATUS_NAMES = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];

/**
 * Read from the raw visibility record: the client's list() and describe() would decode the
 * memo, which the full stack encrypts with keys this process does not hold.
 */
function fromRaw(info: RawExecution): ClosedWorkflow {
  return {
    workflowId: info.execution?.workflowId ?? '',
    runId: info.execution?.runId ?? '',
    startMs: tsToMs(info.startTime),
    closeMs: optionalTsToMs(info.closeTime),
    status: STATUS_NAMES[info.status ?? 0] ?? 'UNKNOWN',
    orderStatus: decodeTypedSearchAttributes(info.searchAttributes?.indexedFields).get(
      ORDER_STATUS,
    ),
    historyLength: Number(info.historyLength ?? 0),
  };
}

/** Every workflow of the task queue, with Temporal's own start and close times. */
export async function listWorkflows(
  client: Client,
  namespace: string,
  taskQueue: string,
): Promise<ClosedWorkflow[]> {
  const workflows: ClosedWorkflow[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const token = nextPageToken;
    const page = await retried('listing the workflows', () =>
      client.workflowService.listWorkflowExecutions({
        namespace,
        query: byQueue(taskQueue),
        pageSize: 1000,
        ...(token ? { nextPageToken: token } : {}),
      }),
    );
    workflows.push(...page.executions.map(fromRaw));
    nextPageToken = page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return workflows;
}

/** A workflow that ended well: the ceiling completed, or the checkout's order COMPLETED. */
export function succeeded(workflow: ClosedWorkflow): boolean {
  return (
    workflow.status === 'COMPLETED' &&
    (workflow.orderStatus === undefined || workflow.orderStatus === 'COMPLETED')
  );
}

/** Start-to-close of one workflow, by Temporal's clock. */
export function sagaMs(workflow: ClosedWorkflow): number | undefined {
  return workflow.closeMs === undefined ? undefined : workflow.closeMs - workflow.startMs;
}

/**
 * Completed workflows per second over rounds run apart (other phases ran between them): all of
 * them over the sum of each round's span, its first start to its last close.
 */
export function roundsPerSecond(rounds: ClosedWorkflow[][]): number {
  let completed = 0;
  let spanMs = 0;
  for (const workflows of rounds) {
    const done = workflows.filter(succeeded);
    if (done.length === 0) continue;
    completed += done.length;
    const first = Math.min(...done.map(({ startMs }) => startMs));
    spanMs += Math.max(...done.map(({ closeMs }) => closeMs ?? 0)) - first;
  }
  return spanMs > 0 ? completed / (spanMs / 1000) : 0;
}

/**
 * Resolves true once the workflow has closed, false at the deadline: a long poll on its
 * history, each call waiting for events after the last page. No payload is decoded, so
 * encrypted payloads do not matter.
 */
export async function waitForClose(
  connection: Connection,
  namespace: string,
  workflowId: string,
  deadline: number,
): Promise<boolean> {
  let nextPageToken: Uint8Array | undefined;
  while (Date.now() < deadline) {
    const page = await connection
      .withDeadline(deadline, () =>
        connection.workflowService.getWorkflowExecutionHistory({
          namespace,
          execution: { workflowId },
          waitNewEvent: true,
          skipArchival: true,
          ...(nextPageToken ? { nextPageToken } : {}),
        }),
      )
      .catch((error: unknown) => {
        if (Date.now() >= deadline) return undefined;
        throw error;
      });
    if (!page) return false;
    const closed = page.history?.events?.some(
      (event) =>
        event.workflowExecutionCompletedEventAttributes ??
        event.workflowExecutionFailedEventAttributes ??
        event.workflowExecutionTerminatedEventAttributes ??
        event.workflowExecutionCanceledEventAttributes ??
        event.workflowExecutionTimedOutEventAttributes ??
        event.workflowExecutionContinuedAsNewEventAttributes,
    );
    if (closed) return true;
    if (page.nextPageToken.length > 0) nextPageToken = page.nextPageToken;
  }
  return false;
}

/** Temporal's record of each of these workflows (describe, one call each). */
export async function describeWorkflows(
  client: Client,
  namespace: string,
  workflowIds: string[],
): Promise<ClosedWorkflow[]> {
  const workflows: ClosedWorkflow[] = [];
  for (const workflowId of workflowIds) {
    const { workflowExecutionInfo } = await retried(`describing ${workflowId}`, () =>
      client.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId } }),
    );
    if (workflowExecutionInfo) workflows.push(fromRaw(workflowExecutionInfo));
  }
  return workflows;
}

/**
 * Terminates the task queue's workflows that still run (after a phase's time limit), so that
 * what follows is measured without their backlog. Returns how many there were.
 */
export async function terminateRunning(
  client: Client,
  namespace: string,
  taskQueue: string,
): Promise<number> {
  const running = (await listWorkflows(client, namespace, taskQueue)).filter(
    ({ closeMs }) => closeMs === undefined,
  );
  for (const { workflowId, runId } of running) {
    await client.workflowService
      .terminateWorkflowExecution({
        namespace,
        workflowExecution: { workflowId, runId },
        reason: 'the benchmark phase reached its time limit',
      })
      .catch(() => undefined); // closed meanwhile
  }
  return running.length;
}
