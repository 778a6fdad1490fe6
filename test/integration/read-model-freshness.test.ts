import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { dropDatabase, eventually } from '../support/participants.js';
import {
  ensureEventTopics,
  spawnReadModel,
  testPublisher,
  testReadModelConfig,
  type ReadModelProcess,
  type TestPublisher,
} from '../support/read-model-kafka.js';
import { newOrder, orderEvent, PATHS, type TestCloudEvent } from '../support/read-model-events.js';

const TICK_MS = 50;

interface Load {
  name: string;
  eventsPerSecond: number;
  orders: number;
  /** Orders under way at once; their events interleave on the topics. */
  inFlight: number;
}

interface InFlight {
  order: { orderId: string; customerId: string };
  next: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

describe('read model freshness under load (real broker, built process)', () => {
  const config = testReadModelConfig();
  let readModel: ReadModelProcess;
  let publisher: TestPublisher;
  let database: pg.Client;

  beforeAll(async () => {
    await ensureEventTopics();
    readModel = spawnReadModel(config);
    publisher = testPublisher();
    // Warm up: the read model has joined and caught up with the topics before the clock starts.
    const warmUp = newOrder();
    await publisher.publish([orderEvent('checkout.order.placed', warmUp, new Date())]);
    database = await eventually(
      async () => {
        const client = new pg.Client({ connectionString: config.databaseUrl });
        try {
          await client.connect();
          const { rowCount } = await client.query('SELECT 1 FROM orders WHERE order_id = $1', [
            warmUp.orderId,
          ]);
          if (rowCount === 1) return client;
        } catch {
          // Not created or migrated yet.
        }
        await client.end().catch(() => undefined);
        return undefined;
      },
      (client) => client !== undefined,
      { timeoutMs: 60_000, intervalMs: 200 },
    ).then((client) => {
      if (!client) throw new Error(`the read model did not start:\n${readModel.output()}`);
      return client;
    });
  });

  afterAll(async () => {
    await database.end();
    await publisher.close();
    readModel.child.kill('SIGTERM');
    await readModel.exited;
    await dropDatabase(config.databaseUrl);
  });

  /**
   * Publishes completed orders' events at a steady rate (one send per 50 ms tick, as an outbox
   * relay batches), each stamped with its publish time, and measures for each order from the
   * publish of its final event to the moment the read model stored it, in the transaction that
   * makes the row COMPLETED (the commit follows within the same batch).
   */
  async function measure(load: Load) {
    const types = PATHS.completed;
    const finalEvents: string[] = [];
    const sends: Promise<void>[] = [];
    const inFlight: InFlight[] = [];
    let started = 0;
    let published = 0;
    const begin = Date.now();
    for (let tick = 1; started < load.orders || inFlight.length > 0; tick++) {
      const due = Math.round((tick * TICK_MS * load.eventsPerSecond) / 1000);
      const publishedAt = new Date();
      const batch: TestCloudEvent[] = [];
      while (published < due && (started < load.orders || inFlight.length > 0)) {
        while (inFlight.length < load.inFlight && started < load.orders) {
          inFlight.push({ order: newOrder(), next: 0 });
          started++;
        }
        const pick = Math.floor(Math.random() * inFlight.length);
        const current = inFlight[pick];
        if (!current) break;
        const event = orderEvent(
          types[current.next] ?? 'checkout.order.completed',
          current.order,
          publishedAt,
        );
        batch.push(event);
        published++;
        current.next++;
        if (current.next === types.length) {
          inFlight.splice(pick, 1);
          finalEvents.push(event.id);
        }
      }
      if (batch.length > 0) sends.push(publisher.publish(batch));
      const wait = begin + tick * TICK_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await Promise.all(sends);
    const seconds = (Date.now() - begin) / 1000;
    const { rows } = await eventually(
      () =>
        database.query<{ ms: number }>(
          `SELECT (extract(epoch FROM applied_at - time) * 1000)::float8 AS ms
             FROM order_events WHERE event_id = ANY($1)`,
          [finalEvents],
        ),
      (result) => result.rows.length === finalEvents.length,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const lags = rows.map((row) => Math.round(row.ms)).sort((a, b) => a - b);
    const events = load.orders * types.length;
    return {
      load: load.name,
      events,
      eventsPerSecond: Number((events / seconds).toFixed(1)),
      ordersPerSecond: Number((load.orders / seconds).toFixed(1)),
      orders: lags.length,
      p50Ms: percentile(lags, 50),
      p99Ms: percentile(lags, 99),
      slowestMs: lags.slice(-5),
    };
  }

  it.each<Load>([
    { name: '20 events/s', eventsPerSecond: 20, orders: 50, inFlight: 5 },
    { name: '20 orders/s', eventsPerSecond: 120, orders: 200, inFlight: 20 },
  ])('stores an order’s final event within 1 s of its publish at $name (p99)', async (load) => {
    const report = await measure(load);
    console.log(`read model freshness: ${JSON.stringify(report)}`);

    expect(report.orders).toBe(load.orders);
    expect(report.p99Ms).toBeLessThan(1000);
  });
});
