import { randomUUID } from 'node:crypto';
import {
  cloudEvent,
  topicOf,
  validateEvent,
  type CloudEvent,
  type EventData,
  type EventType,
} from '../../events/index.js';
import type { Sql } from '../database.js';

/**
 * Writes the event of `type` into the outbox through `sql`, the caller's transaction: the event
 * exists if and only if the effect it reports commits. Its id is the row's uuid. An event that
 * does not match its schema is a bug and throws, failing the effect with it.
 */
export async function recordEvent<Type extends EventType>(
  sql: Sql,
  type: Type,
  data: EventData<Type>,
): Promise<CloudEvent<Type>> {
  const event = cloudEvent(type, data, { id: randomUUID() });
  validateEvent(event);
  await sql.query('INSERT INTO event_outbox (id, topic, key, payload) VALUES ($1, $2, $3, $4)', [
    event.id,
    topicOf(type),
    data.orderId,
    JSON.stringify(event),
  ]);
  return event;
}
