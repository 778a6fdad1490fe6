import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { percentiles } from './stats.js';
import type { ClosedWorkflow } from './temporal-times.js';

/** The lifecycle events that make an order final in the read model. */
const FINAL_EVENT_TYPES = [
  'checkout.order.completed',
  'checkout.order.failed',
  'checkout.order.cancelled',
];
const WAIT_FOR_STRAGGLERS_MS = 10_000;

export interface ReadModelFreshness {
  /** Closed workflows whose final event the read model stored. */
  orders: number;
  /** Closed workflows whose final event it had not stored 10 s after the phase. */
  missing: number;
  /**
   * The read model storing the order's final event (its applied_at) minus the workflow's close
   * time, in ms. The workflow publishes that event before it returns, so a figure below zero
   * means the read model listed the order final before Temporal closed the workflow.
   */
  afterCloseMs: { p50: number; p99: number; max: number };
}

/**
 * How long after a workflow closed the read model listed its order as final, for every closed
 * workflow of the phase. It reads the read model's own database, whose event rows carry the
 * time they were stored: polling the HTTP API would load the process it measures.
 */
export async function readModelFreshness(
  readModelPid: number | undefined,
  workflows: ClosedWorkflow[],
): Promise<ReadModelFreshness | undefined> {
  const closeMsByOrder = new Map(
    workflows.flatMap(({ workflowId, closeMs }) =>
      closeMs === undefined ? [] : [[workflowId.replace(/^order-/, ''), closeMs] as const],
    ),
  );
  if (readModelPid === undefined || closeMsByOrder.size === 0) return undefined;
  const databaseUrl = await environmentOf(readModelPid, 'DATABASE_URL');
  if (!databaseUrl) return undefined;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const orderIds = [...closeMsByOrder.keys()];
    const deadline = Date.now() + WAIT_FOR_STRAGGLERS_MS;
    let appliedMsByOrder = new Map<string, number>();
    for (;;) {
      const { rows } = await client.query<{ order_id: string; applied_ms: string }>(
        `SELECT order_id, (extract(epoch FROM min(applied_at)) * 1000)::text AS applied_ms
           FROM order_events WHERE order_id = ANY($1) AND type = ANY($2) GROUP BY order_id`,
        [orderIds, FINAL_EVENT_TYPES],
      );
      appliedMsByOrder = new Map(rows.map((row) => [row.order_id, Number(row.applied_ms)]));
      if (appliedMsByOrder.size === orderIds.length || Date.now() > deadline) break;
      await sleep(250);
    }
    const afterClose = [...appliedMsByOrder].map(
      ([orderId, appliedMs]) => appliedMs - (closeMsByOrder.get(orderId) ?? appliedMs),
    );
    const { p50, p99, max } = percentiles(afterClose);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      orders: appliedMsByOrder.size,
      missing: orderIds.length - appliedMsByOrder.size,
      afterCloseMs: { p50: round(p50), p99: round(p99), max: round(max) },
    };
  } finally {
    await client.end();
  }
}

/** A variable of a running process's environment, from /proc (the launcher set it). */
async function environmentOf(pid: number, name: string): Promise<string | undefined> {
  try {
    const entries = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
    return entries.find((entry) => entry.startsWith(`${name}=`))?.slice(name.length + 1);
  } catch {
    return undefined;
  }
}
