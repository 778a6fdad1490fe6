import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time.js';
import type { ClosedWorkflow } from './temporal-times.js';

export type HistoryEvent = NonNullable<
  Awaited<ReturnType<Client['workflowService']['getWorkflowExecutionHistory']>>['history']
>['events'] extends (infer Event)[] | null | undefined
  ? Event
  : never;

/** Where one order's time goes, in milliseconds per order (means over the sampled orders). */
export interface Breakdown {
  sampledOrders: number;
  /** Workflow start to close. */
  totalMs: number;
  /** e.g. `activity reserveInventory: scheduled → started`, `workflow tasks: started → completed`. */
  segmentsMs: Record<string, number>;
  /** The part of the total no segment covers (timers, waits for messages). */
  uncoveredMs: number;
  /** History events of each type per order. */
  eventsPerOrder: Record<string, number>;
}

interface Segment {
  name: string;
  ms: number;
}

/**
 * Reads the histories of a few orders and splits each one's time into the waits and runs of its
 * workflow tasks and activities, by the history events' timestamps.
 */
export async function historyBreakdown(
  client: Client,
  namespace: string,
  workflows: ClosedWorkflow[],
  sampleSize: number,
): Promise<Breakdown | undefined> {
  const closed = workflows.filter((workflow) => workflow.closeMs !== undefined);
  const step = Math.max(1, Math.floor(closed.length / sampleSize));
  const sample = closed.filter((_, index) => index % step === 0).slice(0, sampleSize);
  if (sample.length === 0) return undefined;
  const segments = new Map<string, number>();
  const events = new Map<string, number>();
  let total = 0;
  for (const workflow of sample) {
    const history = await readHistory(client, namespace, workflow);
    const first = history[0];
    const last = history.at(-1);
    if (!first || !last) continue;
    total += tsToMs(last.eventTime) - tsToMs(first.eventTime);
    for (const { name, ms } of segmentsOf(history))
      segments.set(name, (segments.get(name) ?? 0) + ms);
    for (const event of history) {
      const type = eventType(event);
      events.set(type, (events.get(type) ?? 0) + 1);
    }
  }
  const perOrder = (value: number) => Math.round((value / sample.length) * 10) / 10;
  const segmentsMs = Object.fromEntries([...segments].map(([name, ms]) => [name, perOrder(ms)]));
  const covered = [...segments.values()].reduce((sum, ms) => sum + ms, 0);
  return {
    sampledOrders: sample.length,
    totalMs: perOrder(total),
    segmentsMs,
    uncoveredMs: perOrder(total - covered),
    eventsPerOrder: Object.fromEntries([...events].map(([type, count]) => [type, perOrder(count)])),
  };
}

export async function readHistory(
  client: Client,
  namespace: string,
  { workflowId, runId }: ClosedWorkflow,
): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId, runId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** `ActivityTaskScheduled` from the attributes field the event carries. */
export function eventType(event: HistoryEvent): string {
  const field = Object.keys(event).find(
    (key) =>
      key.endsWith('EventAttributes') &&
      event[key as keyof HistoryEvent] !== null &&
      event[key as keyof HistoryEvent] !== undefined,
  );
  if (!field) return 'Unknown';
  return field.charAt(0).toUpperCase() + field.slice(1).replace(/EventAttributes$/, '');
}

/** The queued and running time of every workflow task and activity of one history. */
function segmentsOf(history: HistoryEvent[]): Segment[] {
  const timeOf = new Map<number, { at: number; name: string }>();
  const segments: Segment[] = [];
  const since = (scheduledId: unknown, at: number, phase: string) => {
    const from = timeOf.get(Number(scheduledId));
    if (from) segments.push({ name: `${from.name}: ${phase}`, ms: at - from.at });
  };
  for (const event of history) {
    const id = Number(event.eventId);
    const at = tsToMs(event.eventTime);
    const activity = event.activityTaskScheduledEventAttributes;
    if (event.workflowTaskScheduledEventAttributes) {
      timeOf.set(id, { at, name: 'workflow tasks' });
    } else if (activity) {
      timeOf.set(id, { at, name: `activity ${activity.activityType?.name ?? '?'}` });
    } else if (event.workflowTaskStartedEventAttributes) {
      const { scheduledEventId } = event.workflowTaskStartedEventAttributes;
      since(scheduledEventId, at, 'scheduled → started');
      timeOf.set(id, { at, name: 'workflow tasks' });
    } else if (event.workflowTaskCompletedEventAttributes) {
      since(event.workflowTaskCompletedEventAttributes.startedEventId, at, 'started → completed');
    } else if (event.activityTaskStartedEventAttributes) {
      const { scheduledEventId } = event.activityTaskStartedEventAttributes;
      since(scheduledEventId, at, 'scheduled → started');
      const scheduled = timeOf.get(Number(scheduledEventId));
      timeOf.set(id, { at, name: scheduled?.name ?? 'activity ?' });
    } else {
      const closed =
        event.activityTaskCompletedEventAttributes ??
        event.activityTaskFailedEventAttributes ??
        event.activityTaskTimedOutEventAttributes;
      if (closed) since(closed.startedEventId, at, 'started → closed');
    }
  }
  return segments;
}
