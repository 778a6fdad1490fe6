import type { CloudEvent } from '../../lib/events/index.js';
import { withDatabase } from './participants.js';

/** One row of a participant's event_outbox, its payload parsed. */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  event: CloudEvent;
  sent: boolean;
}

/** The service's outbox in the order the relay publishes it; `orderId` narrows it to one order. */
export async function outboxRows(
  service: { databaseUrl: string },
  orderId?: string,
): Promise<OutboxRow[]> {
  const { rows } = await withDatabase(service.databaseUrl, (client) =>
    client.query<{ id: string; topic: string; key: string; payload: string; sent: boolean }>(
      `SELECT id, topic, key, payload, sent_at IS NOT NULL AS sent FROM event_outbox
        WHERE $1::text IS NULL OR key = $1 ORDER BY position`,
      [orderId ?? null],
    ),
  );
  return rows.map(({ payload, ...row }) => ({ ...row, event: JSON.parse(payload) as CloudEvent }));
}

/** The types of the order's events in the service's outbox, in order. */
export async function outboxTypes(
  service: { databaseUrl: string },
  orderId: string,
): Promise<string[]> {
  return (await outboxRows(service, orderId)).map((row) => row.event.type);
}
