import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderSummary } from '../../apps/read-model/http/orders.repository.js';
import { dropDatabase, eventually, get, withDatabase } from '../support/participants.js';
import { startReadModel } from '../../apps/read-model/index.js';
import { testLogger } from '../support/read-model.js';
import {
  ensureEventTopics,
  startTestReadModel,
  testReadModelConfig,
  testPublisher,
  type TestPublisher,
  type TestReadModel,
} from '../support/read-model-kafka.js';
import {
  newOrder,
  orderEvent,
  pathEvents,
  PATHS,
  type SagaPath,
  type TestCloudEvent,
} from '../support/read-model-events.js';

const FINAL: Record<SagaPath, string> = {
  completed: 'COMPLETED',
  declined: 'FAILED',
  outOfStock: 'FAILED',
  cancelled: 'CANCELLED',
  shippingRefused: 'FAILED',
  challengeApproved: 'COMPLETED',
  challengeDenied: 'FAILED',
};

describe('read model consumer (real broker)', () => {
  let readModel: TestReadModel;
  let publisher: TestPublisher;

  beforeAll(async () => {
    await ensureEventTopics();
    readModel = await startTestReadModel();
    publisher = testPublisher();
  });

  afterAll(async () => {
    await publisher.close();
    await readModel.drop();
  });

  const eventsOf = (orderId: string) =>
    get<{ events: TestCloudEvent[] }>(readModel, `/orders/${orderId}/events`);

  const metricValue = async (name: string): Promise<number> => {
    const text = await (await fetch(`${readModel.url}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith(name) && !line.startsWith('#'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  };

  it('projects every path from the four topics: final status and its events in order', async () => {
    const orders = (Object.keys(PATHS) as SagaPath[]).map((path) => ({
      path,
      order: newOrder(),
    }));
    const published = orders.map(({ path, order }) => pathEvents(path, order));
    // One send per step across all orders, so the topics interleave as they do in production.
    for (let step = 0; step < 7; step++) {
      await publisher.publish(published.flatMap((events) => events.slice(step, step + 1)));
    }

    for (const [index, { path, order }] of orders.entries()) {
      const summary = await eventually(
        () => get<OrderSummary>(readModel, `/orders/${order.orderId}`),
        (response) => response.body.status === FINAL[path],
      );
      expect(summary.body).toMatchObject({ customerId: order.customerId, status: FINAL[path] });
      const { body } = await eventsOf(order.orderId);
      expect(body.events.map((event) => event.type)).toEqual(PATHS[path]);
      expect(body.events).toEqual(published[index]);
    }
  });

  it('applies an event published twice once', async () => {
    const order = newOrder();
    const events = pathEvents('completed', order);
    const duplicatesBefore = await metricValue('read_model_events_duplicate_total');
    await publisher.publish(events);
    await publisher.publish(events.slice(2));

    await eventually(
      () => metricValue('read_model_events_duplicate_total'),
      (value) => value >= duplicatesBefore + events.length - 2,
    );
    const { body } = await eventsOf(order.orderId);
    expect(body.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
    const count = await withDatabase(readModel.config.databaseUrl, async (client) => {
      const { rows } = await client.query<{ event_count: number }>(
        'SELECT event_count FROM orders WHERE order_id = $1',
        [order.orderId],
      );
      return rows[0]?.event_count;
    });
    expect(count).toBe(events.length);
  });

  it('sets a message that is not a valid event aside and goes on with the next ones', async () => {
    const order = newOrder();
    const bad = { ...orderEvent('checkout.order.placed', order, new Date()), id: 'bad-event' };
    const badData = { ...bad, data: { orderId: order.orderId, paymentToken: 'tok_visa' } };
    await publisher.publishRaw([
      { topic: 'checkout.orders', key: order.orderId, value: 'not json' },
      { topic: 'checkout.orders', key: order.orderId, value: JSON.stringify(badData) },
    ]);
    await publisher.publish(pathEvents('outOfStock', order));

    const summary = await eventually(
      () => get<OrderSummary>(readModel, `/orders/${order.orderId}`),
      (response) => response.body.status === 'FAILED',
    );
    expect(summary.status).toBe(200);
    const rejected = await withDatabase(readModel.config.databaseUrl, async (client) => {
      const { rows } = await client.query<{ reason: string; value: string }>(
        `SELECT reason, value FROM rejected_events WHERE value = 'not json' OR value LIKE $1 ORDER BY kafka_offset`,
        [`%${order.orderId}%`],
      );
      return rows;
    });
    expect(rejected.map((row) => row.reason)).toEqual([
      expect.stringContaining('not JSON'),
      expect.stringContaining('paymentToken'),
    ]);
    expect(await metricValue('read_model_events_rejected_total')).toBeGreaterThanOrEqual(2);
  });

  it('reports its consumer lag, the events applied and its health', async () => {
    const order = newOrder();
    await publisher.publish(pathEvents('completed', order));
    await eventually(
      () => get<OrderSummary>(readModel, `/orders/${order.orderId}`),
      (response) => response.body.status === 'COMPLETED',
    );

    const text = await (await fetch(`${readModel.url}/metrics`)).text();
    expect(text).toMatch(/^read_model_consumer_lag_messages \d+$/m);
    expect(text).toMatch(
      /^read_model_events_applied_total\{type="checkout.order.completed"\} \d+$/m,
    );
    expect(text).toContain('read_model_event_delay_seconds_bucket');
    const lag = await eventually(
      () => metricValue('read_model_consumer_lag_messages'),
      (value) => value === 0,
    );
    expect(lag).toBe(0);
    const health = await get(readModel, '/health');
    expect(health.body).toEqual({ status: 'UP', database: 'UP', consumer: 'UP' });
  });
});

describe('read model without a reachable broker', () => {
  it('serves what it has, reports itself down until it joins, and stops promptly', async () => {
    const config = testReadModelConfig({ kafkaBootstrapServers: '127.0.0.1:1' });
    const readModel = await startReadModel(config, testLogger);
    try {
      const list = await get<{ orders: unknown[] }>(readModel, '/orders');
      expect(list).toMatchObject({ status: 200, body: { orders: [], nextPageToken: null } });
      const health = await get(readModel, '/health');
      expect(health).toMatchObject({
        status: 503,
        body: { status: 'DOWN', database: 'UP', consumer: 'DOWN' },
      });
    } finally {
      const stopping = Date.now();
      await readModel.close();
      expect(Date.now() - stopping).toBeLessThan(10_000);
      await dropDatabase(config.databaseUrl);
    }
  });
});
