import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time.js';
import { eventType, readHistory, type HistoryEvent } from './history-breakdown.js';
import { sagaMs, type ClosedWorkflow } from './temporal-times.js';

/** One workflow task or activity of an order, or another event of its history. */
export interface TimelineStep {
  /** `workflow task 3`, `activity reserveInventory`, `local activity publishOrderEvent`. */
  what: string;
  /** When it was scheduled (or happened), in ms since the workflow started. */
  atMs: number;
  /** Scheduled → started: the wait for a worker (undefined for a plain event). */
  waitedMs: number | undefined;
  /** Started → completed (or closed): the run. */
  ranMs: number | undefined;
  /** When it ended, in ms since the workflow started. */
  endMs: number;
}

export interface OrderTimeline {
  workflowId: string;
  totalMs: number;
  steps: TimelineStep[];
}

/** Plain events worth a line of their own; the others belong to a task's or activity's step. */
const NOTABLE_EVENTS = new Set([
  'WorkflowExecutionStarted',
  'WorkflowExecutionUpdateAccepted',
  'WorkflowExecutionUpdateCompleted',
  'WorkflowExecutionSignaled',
  'UpsertWorkflowSearchAttributes',
  'MarkerRecorded',
  'TimerStarted',
  'TimerFired',
  'WorkflowExecutionCompleted',
  'WorkflowExecutionFailed',
]);

/**
 * The history of the workflow with the median start-to-close time of `workflows`, as one step
 * per workflow task and activity with its wait and run, in the order they were scheduled.
 */
export async function medianOrderTimeline(
  client: Client,
  namespace: string,
  workflows: ClosedWorkflow[],
): Promise<OrderTimeline | undefined> {
  const closed = workflows
    .filter((workflow) => sagaMs(workflow) !== undefined)
    .sort((a, b) => (sagaMs(a) ?? 0) - (sagaMs(b) ?? 0));
  const median = closed[Math.floor((closed.length - 1) / 2)];
  if (!median) return undefined;
  const history = await readHistory(client, namespace, median);
  const steps = timelineOf(history);
  return {
    workflowId: median.workflowId,
    totalMs: round(steps.at(-1)?.endMs ?? 0),
    steps: steps.map((step) => ({
      ...step,
      atMs: round(step.atMs),
      waitedMs: step.waitedMs === undefined ? undefined : round(step.waitedMs),
      ranMs: step.ranMs === undefined ? undefined : round(step.ranMs),
      endMs: round(step.endMs),
    })),
  };
}

/**
 * How long the first lifecycle event publish of the earliest-started workflow ran: the first
 * publish of the worker's life, which pays for the Kafka producer's connection. A local publish
 * has no times of its own in the history: the run of the workflow task it ran in stands for it.
 */
export async function firstPublishMs(
  client: Client,
  namespace: string,
  workflows: ClosedWorkflow[],
): Promise<number | undefined> {
  const first = [...workflows].sort((a, b) => a.startMs - b.startMs)[0];
  if (!first) return undefined;
  const steps = timelineOf(await readHistory(client, namespace, first));
  const publish = steps.find(({ what }) => /^(local )?activity publishOrderEvent/.test(what));
  const ran = publish?.what.startsWith('local ')
    ? steps
        .filter((step) => step.what.startsWith('workflow task') && step.endMs <= publish.atMs)
        .at(-1)
    : publish;
  return ran?.ranMs === undefined ? undefined : round(ran.ranMs);
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export function timelineOf(history: HistoryEvent[]): TimelineStep[] {
  const origin = history[0] ? tsToMs(history[0].eventTime) : 0;
  const steps: TimelineStep[] = [];
  const byEventId = new Map<number, { step: TimelineStep; at: number }>();
  let workflowTasks = 0;
  const open = (id: number, what: string, at: number) => {
    const step: TimelineStep = {
      what,
      atMs: at - origin,
      waitedMs: 0,
      ranMs: 0,
      endMs: at - origin,
    };
    steps.push(step);
    byEventId.set(id, { step, at });
  };
  const started = (scheduledId: unknown, id: number, at: number) => {
    const scheduled = byEventId.get(Number(scheduledId));
    if (!scheduled) return;
    scheduled.step.waitedMs = at - scheduled.at;
    scheduled.step.endMs = at - origin;
    byEventId.set(id, { step: scheduled.step, at });
  };
  const ended = (startedId: unknown, at: number) => {
    const running = byEventId.get(Number(startedId));
    if (!running) return;
    running.step.ranMs = at - running.at;
    running.step.endMs = at - origin;
  };
  for (const event of history) {
    const id = Number(event.eventId);
    const at = tsToMs(event.eventTime);
    const activity = event.activityTaskScheduledEventAttributes;
    if (event.workflowTaskScheduledEventAttributes) {
      workflowTasks += 1;
      open(id, `workflow task ${workflowTasks}`, at);
    } else if (activity) {
      const name = activity.activityType?.name ?? '?';
      const id_ = activity.activityId ?? '';
      open(id, `activity ${name}${/^\d+$/.test(id_) ? '' : ` (${id_})`}`, at);
    } else if (event.workflowTaskStartedEventAttributes) {
      started(event.workflowTaskStartedEventAttributes.scheduledEventId, id, at);
    } else if (event.activityTaskStartedEventAttributes) {
      started(event.activityTaskStartedEventAttributes.scheduledEventId, id, at);
    } else if (event.workflowTaskCompletedEventAttributes) {
      ended(event.workflowTaskCompletedEventAttributes.startedEventId, at);
    } else {
      const closed =
        event.activityTaskCompletedEventAttributes ??
        event.activityTaskFailedEventAttributes ??
        event.activityTaskTimedOutEventAttributes ??
        event.workflowTaskFailedEventAttributes ??
        event.workflowTaskTimedOutEventAttributes;
      const localActivity = localActivityType(event);
      if (closed) {
        ended(closed.startedEventId, at);
      } else if (localActivity) {
        // It ran inside the workflow task that ended just before its marker.
        steps.push({
          what: `local activity ${localActivity}`,
          atMs: at - origin,
          waitedMs: undefined,
          ranMs: undefined,
          endMs: at - origin,
        });
      } else if (NOTABLE_EVENTS.has(eventType(event))) {
        steps.push({
          what: eventType(event),
          atMs: at - origin,
          waitedMs: undefined,
          ranMs: undefined,
          endMs: at - origin,
        });
      }
    }
  }
  return steps;
}

/** The activity type of a local activity's marker (the SDK core writes it, unencrypted). */
function localActivityType(event: HistoryEvent): string | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return undefined;
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return '?';
  const fields = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string };
  return fields.activity_type ?? '?';
}
