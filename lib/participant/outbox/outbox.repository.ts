import type { Sql } from '../database.js';

export interface UnsentEvent {
  id: string;
  topic: string;
  key: string;
  payload: string;
}

/** Any key will do as long as every relay of the database uses it. */
const RELAY_LOCK_KEY = 0x6f7574626f78; // "outbox"

/**
 * Takes the relay's turn for this transaction: false when another relay (a replica of the
 * service) holds it, so that one relay at a time publishes and an order's events keep their order.
 */
export async function takeRelayTurn(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query<{ taken: boolean }>(
    'SELECT pg_try_advisory_xact_lock($1) AS taken',
    [RELAY_LOCK_KEY],
  );
  return rows[0]?.taken === true;
}

export async function hasUnsentEvents(sql: Sql): Promise<boolean> {
  const { rows } = await sql.query<{ unsent: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM event_outbox WHERE sent_at IS NULL) AS unsent',
  );
  return rows[0]?.unsent === true;
}

/** The oldest unsent events, in the order they were written. */
export async function oldestUnsentEvents(sql: Sql, limit: number): Promise<UnsentEvent[]> {
  const { rows } = await sql.query<UnsentEvent>(
    `SELECT id, topic, key, payload FROM event_outbox
      WHERE sent_at IS NULL ORDER BY position LIMIT $1`,
    [limit],
  );
  return rows;
}

export async function markSent(sql: Sql, ids: string[]): Promise<void> {
  await sql.query('UPDATE event_outbox SET sent_at = now() WHERE id = ANY($1::uuid[])', [ids]);
}

/** Deletes up to `limit` events published more than `retentionMs` ago; returns how many. */
export async function pruneSentEvents(
  sql: Sql,
  retentionMs: number,
  limit: number,
): Promise<number> {
  const { rowCount } = await sql.query(
    `DELETE FROM event_outbox
      WHERE id IN (SELECT id FROM event_outbox
                    WHERE sent_at < now() - make_interval(secs => $1::double precision / 1000)
                    LIMIT $2)`,
    [retentionMs, limit],
  );
  return rowCount ?? 0;
}

export async function countUnsentEvents(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ unsent: string }>(
    'SELECT count(*) AS unsent FROM event_outbox WHERE sent_at IS NULL',
  );
  return Number(rows[0]?.unsent ?? 0);
}
