import type { Sql } from '../../../lib/participant/index.js';
import {
  mergeChanges,
  orderChangeOf,
  type OrderChange,
  type ProjectedEvent,
} from './order-change.js';

/** Where a message came from: kept with each event, and the key of a rejected one. */
export interface MessagePosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface AcceptedMessage extends MessagePosition {
  event: ProjectedEvent;
}

export interface RejectedMessage extends MessagePosition {
  reason: string;
  value: string;
}

export interface BatchOutcome {
  /** Events new to the projection, applied now. */
  applied: ProjectedEvent[];
  /** Events already applied before (a redelivery), or twice in the batch. */
  duplicates: number;
  rejected: number;
}

/**
 * Applies one batch of messages inside the caller's transaction: new events are stored (their id
 * is the primary key, so a redelivered one is skipped), and each order's row takes the changes of
 * its new events.
 */
export async function applyBatch(
  sql: Sql,
  accepted: readonly AcceptedMessage[],
  rejected: readonly RejectedMessage[] = [],
): Promise<BatchOutcome> {
  const unique = uniqueById(accepted);
  const inserted = await insertEvents(sql, unique);
  const applied = unique.filter((message) => inserted.has(message.event.id));
  for (const change of foldByOrder(applied.map((message) => message.event))) {
    await upsertOrder(sql, change);
  }
  await recordRejected(sql, rejected);
  return {
    applied: applied.map((message) => message.event),
    duplicates: accepted.length - applied.length,
    rejected: rejected.length,
  };
}

function uniqueById(messages: readonly AcceptedMessage[]): AcceptedMessage[] {
  const seen = new Set<string>();
  return messages.filter((message) => {
    if (seen.has(message.event.id)) return false;
    seen.add(message.event.id);
    return true;
  });
}

async function insertEvents(sql: Sql, messages: AcceptedMessage[]): Promise<Set<string>> {
  if (messages.length === 0) return new Set();
  // One statement for the batch; unnest keeps the array order, which is the arrival order.
  const { rows } = await sql.query<{ event_id: string }>(
    `INSERT INTO order_events
       (event_id, order_id, type, time, topic, kafka_partition, kafka_offset, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[],
                          $6::int[], $7::bigint[], $8::jsonb[])
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [
      messages.map((m) => m.event.id),
      messages.map((m) => m.event.data.orderId),
      messages.map((m) => m.event.type),
      messages.map((m) => m.event.time),
      messages.map((m) => m.topic),
      messages.map((m) => m.partition),
      messages.map((m) => m.offset),
      messages.map((m) => JSON.stringify(m.event)),
    ],
  );
  return new Set(rows.map((row) => row.event_id));
}

function foldByOrder(events: ProjectedEvent[]): OrderChange[] {
  const byOrder = new Map<string, OrderChange>();
  for (const event of events) {
    const change = orderChangeOf(event);
    const current = byOrder.get(change.orderId);
    byOrder.set(change.orderId, current ? mergeChanges(current, change) : change);
  }
  // Rows locked in one order by every writer (a rebuild next to the live consumer, replicas
  // sharing the partitions), so that two batches cannot deadlock on them.
  return [...byOrder.values()].sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
}

/** The same rules as mergeChanges, with the stored row as `current`. */
async function upsertOrder(sql: Sql, change: OrderChange): Promise<void> {
  await sql.query(
    `INSERT INTO orders AS o
       (order_id, customer_id, status, status_rank, total_amount, currency, total_rank,
        created_at, placed, updated_at, last_event_id, last_event_type, event_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (order_id) DO UPDATE SET
       customer_id = COALESCE(o.customer_id, EXCLUDED.customer_id),
       status = CASE WHEN EXCLUDED.status_rank > o.status_rank THEN EXCLUDED.status ELSE o.status END,
       status_rank = GREATEST(o.status_rank, EXCLUDED.status_rank),
       total_amount = CASE WHEN EXCLUDED.total_rank > o.total_rank
                           THEN EXCLUDED.total_amount ELSE o.total_amount END,
       currency = CASE WHEN EXCLUDED.total_rank > o.total_rank
                       THEN EXCLUDED.currency ELSE o.currency END,
       total_rank = GREATEST(o.total_rank, EXCLUDED.total_rank),
       created_at = CASE WHEN o.placed THEN o.created_at
                         WHEN EXCLUDED.placed THEN EXCLUDED.created_at
                         ELSE LEAST(o.created_at, EXCLUDED.created_at) END,
       placed = o.placed OR EXCLUDED.placed,
       updated_at = GREATEST(o.updated_at, EXCLUDED.updated_at),
       last_event_id = CASE WHEN ${LATER} THEN EXCLUDED.last_event_id ELSE o.last_event_id END,
       last_event_type = CASE WHEN ${LATER} THEN EXCLUDED.last_event_type
                              ELSE o.last_event_type END,
       event_count = o.event_count + EXCLUDED.event_count,
       projected_at = clock_timestamp()`,
    [
      change.orderId,
      change.customerId ?? null,
      change.status,
      change.statusRank,
      change.total?.amount ?? null,
      change.total?.currency ?? null,
      change.totalRank,
      change.createdAt,
      change.placed,
      change.updatedAt,
      change.lastEventId,
      change.lastEventType,
      change.eventCount,
    ],
  );
}

/** Byte order for the id, as JavaScript compares strings in mergeChanges. */
const LATER = `(EXCLUDED.updated_at > o.updated_at OR (EXCLUDED.updated_at = o.updated_at
  AND EXCLUDED.last_event_id COLLATE "C" > o.last_event_id COLLATE "C"))`;

async function recordRejected(sql: Sql, rejected: readonly RejectedMessage[]): Promise<void> {
  if (rejected.length === 0) return;
  await sql.query(
    `INSERT INTO rejected_events (topic, kafka_partition, kafka_offset, reason, value)
     SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[])
     ON CONFLICT DO NOTHING`,
    [
      rejected.map((r) => r.topic),
      rejected.map((r) => r.partition),
      rejected.map((r) => r.offset),
      rejected.map((r) => r.reason.slice(0, 2000)),
      rejected.map((r) => r.value),
    ],
  );
}
