import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { dropDatabase, eventually } from '../support/participants.js';
import {
  ensureEventTopics,
  spawnReadModel,
  testPublisher,
  testReadModelConfig,
  type ReadModelProcess,
} from '../support/read-model-kafka.js';
import {
  newOrder,
  pathEvents,
  PATHS,
  type SagaPath,
  type TestCloudEvent,
} from '../support/read-model-events.js';

const ORDERS = 300;

interface Progress {
  events: number;
  /** The read model's connection has a transaction open (a batch being applied). */
  inBatch: boolean;
}

describe('read model killed mid-batch (real broker, built process)', () => {
  const config = testReadModelConfig();
  const events: TestCloudEvent[] = [];
  const eventsPerOrder = new Map<string, number>();
  const processes: ReadModelProcess[] = [];

  beforeAll(async () => {
    await ensureEventTopics();
    const paths = Object.keys(PATHS) as SagaPath[];
    for (let i = 0; i < ORDERS; i++) {
      const order = newOrder();
      const orderEvents = pathEvents(paths[i % paths.length] ?? 'completed', order);
      eventsPerOrder.set(order.orderId, orderEvents.length);
      events.push(...orderEvents);
    }
    const publisher = testPublisher();
    try {
      for (let i = 0; i < events.length; i += 200)
        await publisher.publish(events.slice(i, i + 200));
    } finally {
      await publisher.close();
    }
  });

  afterAll(async () => {
    for (const { child, exited } of processes) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    await dropDatabase(config.databaseUrl);
  });

  /** This test's events applied so far, and whether a batch is in flight; zeros before the database exists. */
  const progress = async (client: pg.Client | undefined): Promise<Progress> => {
    if (!client) return { events: 0, inBatch: false };
    const { rows } = await client.query<{ events: number; in_batch: boolean }>(
      `SELECT (SELECT count(*)::int FROM order_events WHERE order_id = ANY($1)) AS events,
              EXISTS (SELECT 1 FROM pg_stat_activity
                       WHERE datname = current_database() AND application_name = 'order-read-model'
                         AND xact_start IS NOT NULL) AS in_batch`,
      [[...eventsPerOrder.keys()]],
    );
    return { events: rows[0]?.events ?? 0, inBatch: rows[0]?.in_batch ?? false };
  };

  const connect = async (): Promise<pg.Client | undefined> => {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    try {
      await client.connect();
      await client.query('SELECT 1 FROM order_events LIMIT 1');
      return client;
    } catch {
      await client.end().catch(() => undefined);
      return undefined;
    }
  };

  it('loses nothing and applies nothing twice after a SIGKILL in the middle of a batch', async () => {
    const first = spawnReadModel(config);
    processes.push(first);
    let client: pg.Client | undefined;
    let atKill: Progress = { events: 0, inBatch: false };
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      client ??= await connect();
      const now = await progress(client).catch(() => ({ events: 0, inBatch: false }));
      if (now.inBatch && now.events > 0) {
        first.child.kill('SIGKILL');
        atKill = now;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await first.exited).toBe('SIGKILL');
    await client?.end();
    expect(atKill.inBatch).toBe(true);
    expect(atKill.events).toBeGreaterThan(0);
    expect(atKill.events).toBeLessThan(events.length);

    const second = spawnReadModel(config);
    processes.push(second);
    const check = await connect();
    if (!check) throw new Error('the read model database is gone');
    try {
      const done = await eventually(
        () => progress(check),
        (now) => now.events === events.length,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(done.events).toBe(events.length);
      const { rows } = await check.query<{ order_id: string; event_count: number; status: string }>(
        'SELECT order_id, event_count, status FROM orders WHERE order_id = ANY($1)',
        [[...eventsPerOrder.keys()]],
      );
      expect(rows).toHaveLength(ORDERS);
      for (const row of rows) {
        expect(row.event_count).toBe(eventsPerOrder.get(row.order_id));
        expect(['COMPLETED', 'FAILED', 'CANCELLED']).toContain(row.status);
      }
    } finally {
      await check.end();
    }

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe('SIGTERM');
  });
});
