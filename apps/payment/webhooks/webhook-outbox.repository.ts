import { randomUUID } from 'node:crypto';
import type { Sql } from '../../../lib/participant/index.js';

export type WebhookEventType = 'charge.succeeded' | 'charge.failed';

/** The body the receiver gets. `created` is in unix seconds. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  created: number;
  data: { chargeId: string; orderId: string };
}

export interface DueWebhook {
  id: string;
  payload: string;
  attempts: number;
}

/** Call inside the transaction that changes the charge: the event exists if and only if it does. */
export async function recordWebhookEvent(
  sql: Sql,
  type: WebhookEventType,
  data: WebhookEvent['data'],
): Promise<WebhookEvent> {
  const event: WebhookEvent = {
    id: `evt_${randomUUID()}`,
    type,
    created: Math.floor(Date.now() / 1000),
    data,
  };
  await sql.query(
    'INSERT INTO webhook_outbox (id, type, charge_id, payload) VALUES ($1, $2, $3, $4)',
    [event.id, type, data.chargeId, JSON.stringify(event)],
  );
  return event;
}

/**
 * Takes up to `limit` undelivered events that are due and leases them for `leaseMs`, so that
 * concurrent relays (replicas) do not send the same event at the same time. A relay that dies
 * mid-delivery leaves its events to be taken again once the lease ends.
 */
export async function leaseDueWebhooks(
  sql: Sql,
  limit: number,
  leaseMs: number,
): Promise<DueWebhook[]> {
  const { rows } = await sql.query<DueWebhook>(
    `UPDATE webhook_outbox
        SET attempts = attempts + 1,
            next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
      WHERE id IN (SELECT id FROM webhook_outbox
                    WHERE delivered_at IS NULL AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, created_at
                    LIMIT $1
                    FOR UPDATE SKIP LOCKED)
      RETURNING id, payload, attempts`,
    [limit, leaseMs],
  );
  return rows;
}

export async function markDelivered(sql: Sql, id: string): Promise<void> {
  await sql.query(
    'UPDATE webhook_outbox SET delivered_at = now(), last_error = NULL WHERE id = $1',
    [id],
  );
}

export async function scheduleRetry(
  sql: Sql,
  id: string,
  delayMs: number,
  error: string,
): Promise<void> {
  await sql.query(
    `UPDATE webhook_outbox
        SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
            last_error = $3
      WHERE id = $1 AND delivered_at IS NULL`,
    [id, delayMs, error.slice(0, 1000)],
  );
}
