import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderSummary } from '../../apps/read-model/http/orders.repository.js';
import { get } from '../support/participants.js';
import {
  ensureEventTopics,
  startTestReadModel,
  testPublisher,
  type TestPublisher,
  type TestReadModel,
} from '../support/read-model-kafka.js';
import { newOrder, orderEvent, PATHS } from '../support/read-model-events.js';

const EVENTS_PER_SECOND = 20;
const ORDERS = 50;
const IN_FLIGHT = 5;
const POLL_MS = 10;

interface InFlight {
  order: { orderId: string; customerId: string };
  next: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

describe('read model freshness at 20 events/s (real broker)', () => {
  let readModel: TestReadModel;
  let publisher: TestPublisher;

  beforeAll(async () => {
    await ensureEventTopics();
    readModel = await startTestReadModel();
    publisher = testPublisher();
    // Warm up: the group has joined and caught up with the topics before the clock starts.
    const warmUp = newOrder();
    await publisher.publish([orderEvent('checkout.order.placed', warmUp, new Date())]);
    await untilStatus(warmUp.orderId, 'PENDING', Date.now() + 60_000);
  });

  afterAll(async () => {
    await publisher.close();
    await readModel.drop();
  });

  /** Resolves with the wall clock at which the order shows `status`. */
  async function untilStatus(orderId: string, status: string, deadline: number): Promise<number> {
    for (;;) {
      const { body } = await get<OrderSummary>(readModel, `/orders/${orderId}`);
      if (body.status === status) return Date.now();
      if (Date.now() > deadline) throw new Error(`${orderId} not ${status} in time`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  it('shows an order’s final status within 1 s of its final event (p99)', async () => {
    const types = PATHS.completed;
    const waits: Promise<number>[] = [];
    const inFlight: InFlight[] = [];
    let started = 0;
    const interval = 1000 / EVENTS_PER_SECOND;
    const begin = Date.now();
    for (let slot = 0; started < ORDERS || inFlight.length > 0; slot++) {
      while (inFlight.length < IN_FLIGHT && started < ORDERS) {
        inFlight.push({ order: newOrder(), next: 0 });
        started++;
      }
      const pick = Math.floor(Math.random() * inFlight.length);
      const current = inFlight[pick];
      if (!current) break;
      const type = types[current.next] ?? 'checkout.order.completed';
      const publishedAt = Date.now();
      await publisher.publish([orderEvent(type, current.order, new Date(publishedAt))]);
      current.next++;
      if (current.next === types.length) {
        inFlight.splice(pick, 1);
        waits.push(
          untilStatus(current.order.orderId, 'COMPLETED', publishedAt + 30_000).then(
            (seenAt) => seenAt - publishedAt,
          ),
        );
      }
      const wait = begin + (slot + 1) * interval - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const lags = (await Promise.all(waits)).sort((a, b) => a - b);
    const seconds = (Date.now() - begin) / 1000;
    const report = {
      events: ORDERS * types.length,
      eventsPerSecond: Number(((ORDERS * types.length) / seconds).toFixed(1)),
      orders: lags.length,
      p50Ms: percentile(lags, 50),
      p99Ms: percentile(lags, 99),
      maxMs: lags.at(-1),
    };
    console.log(`read model freshness: ${JSON.stringify(report)}`);

    expect(lags).toHaveLength(ORDERS);
    expect(report.p99Ms).toBeLessThan(1000);
  });
});
