import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withDatabase } from '../support/participants.js';
import { startTestProjection, type TestProjection } from '../support/read-model.js';
import {
  newOrder,
  orderEvent,
  pathEvents,
  PATHS,
  shuffled,
  TOTAL,
  type SagaPath,
} from '../support/read-model-events.js';

interface OrderRow {
  order_id: string;
  customer_id: string | null;
  status: string;
  total_amount: string | null;
  currency: string | null;
  created_at: Date;
  updated_at: Date;
  last_event_type: string;
  event_count: number;
}

describe('read model projection', () => {
  let projection: TestProjection;

  beforeAll(async () => {
    projection = await startTestProjection();
  });

  afterAll(async () => {
    await projection.close();
  });

  const orderRow = async (orderId: string): Promise<OrderRow | undefined> =>
    withDatabase(projection.databaseUrl, async (client) => {
      const { rows } = await client.query<OrderRow>('SELECT * FROM orders WHERE order_id = $1', [
        orderId,
      ]);
      return rows[0];
    });

  const eventCount = (orderId: string): Promise<number> =>
    withDatabase(projection.databaseUrl, async (client) => {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM order_events WHERE order_id = $1',
        [orderId],
      );
      return rows[0]?.n ?? 0;
    });

  const finalStatus: Record<SagaPath, string> = {
    completed: 'COMPLETED',
    declined: 'FAILED',
    outOfStock: 'FAILED',
    cancelled: 'CANCELLED',
    shippingRefused: 'FAILED',
    challengeApproved: 'COMPLETED',
    challengeDenied: 'FAILED',
  };

  it.each(Object.keys(PATHS) as SagaPath[])(
    'folds the %s path into one row in its final status, event by event',
    async (path) => {
      const order = newOrder();
      const startedAt = new Date('2026-11-01T10:00:00.000Z');
      const events = pathEvents(path, order, startedAt);
      for (const event of events) await projection.apply([event]);

      const row = await orderRow(order.orderId);
      expect(row).toMatchObject({
        customer_id: order.customerId,
        status: finalStatus[path],
        total_amount: String(TOTAL.amount),
        currency: TOTAL.currency,
        last_event_type: events.at(-1)?.type,
        event_count: events.length,
      });
      expect(row?.created_at).toEqual(startedAt);
      expect(row?.updated_at).toEqual(new Date(startedAt.getTime() + events.length - 1));
    },
  );

  it('shows the in-flight status that the latest step implies', async () => {
    const order = newOrder();
    const at = new Date();
    await projection.apply([orderEvent('checkout.order.placed', order, at)]);
    expect((await orderRow(order.orderId))?.status).toBe('PENDING');

    await projection.apply([orderEvent('inventory.reservation.held', order, at)]);
    expect((await orderRow(order.orderId))?.status).toBe('CHARGING_PAYMENT');

    await projection.apply([orderEvent('payment.charge.requires_action', order, at)]);
    expect((await orderRow(order.orderId))?.status).toBe('AWAITING_PAYMENT_CONFIRMATION');

    await projection.apply([orderEvent('payment.charge.declined', order, at)]);
    expect((await orderRow(order.orderId))?.status).toBe('COMPENSATING');
  });

  it('gives the same row whatever order and batching the events arrive in', async () => {
    for (const path of Object.keys(PATHS) as SagaPath[]) {
      const inOrder = newOrder();
      const scrambled = { ...newOrder(inOrder.customerId) };
      const startedAt = new Date('2026-11-02T10:00:00.000Z');
      const events = pathEvents(path, inOrder, startedAt);
      await projection.apply(events);
      const shuffledEvents = shuffled(pathEvents(path, scrambled, startedAt));
      const cut = Math.floor(shuffledEvents.length / 2);
      await projection.apply(shuffledEvents.slice(cut));
      await projection.apply(shuffledEvents.slice(0, cut));

      const [expected, actual] = await Promise.all([
        orderRow(inOrder.orderId),
        orderRow(scrambled.orderId),
      ]);
      const comparable = (row: OrderRow | undefined) => ({
        customer_id: row?.customer_id,
        status: row?.status,
        total_amount: row?.total_amount,
        created_at: row?.created_at,
        updated_at: row?.updated_at,
        last_event_type: row?.last_event_type,
        event_count: row?.event_count,
      });
      expect(comparable(actual)).toEqual(comparable(expected));
    }
  });

  it('keeps events that arrive before the placed event, and lists the order once it is placed', async () => {
    const order = newOrder();
    const placedAt = new Date('2026-11-03T10:00:00.000Z');
    const held = orderEvent('inventory.reservation.held', order, new Date(placedAt.getTime() + 5));
    await projection.apply([held]);
    expect(await orderRow(order.orderId)).toMatchObject({
      customer_id: null,
      status: 'CHARGING_PAYMENT',
      total_amount: String(TOTAL.amount),
    });

    await projection.apply([orderEvent('checkout.order.placed', order, placedAt)]);
    const row = await orderRow(order.orderId);
    expect(row).toMatchObject({ customer_id: order.customerId, status: 'CHARGING_PAYMENT' });
    expect(row?.created_at).toEqual(placedAt);
  });

  it('never moves a final status back, even for a late participant event', async () => {
    const order = newOrder();
    const events = pathEvents('cancelled', order);
    await projection.apply(events);
    await projection.apply([orderEvent('payment.charge.refunded', order, new Date())]);
    await projection.apply([orderEvent('checkout.order.completed', order, new Date())]);

    expect((await orderRow(order.orderId))?.status).toBe('CANCELLED');
  });

  it('applies an event once, redelivered alone or twice in one batch', async () => {
    const order = newOrder();
    const events = pathEvents('completed', order);
    const [placed] = events;
    if (!placed) throw new Error('the path has no events');

    const first = await projection.apply(events);
    const again = await projection.apply(events);
    const doubled = await projection.apply([placed, placed]);

    expect(first).toMatchObject({ duplicates: 0 });
    expect(first.applied).toHaveLength(events.length);
    expect(again.applied).toHaveLength(0);
    expect(again.duplicates).toBe(events.length);
    expect(doubled.applied).toHaveLength(0);
    expect(await eventCount(order.orderId)).toBe(events.length);
    expect((await orderRow(order.orderId))?.event_count).toBe(events.length);
  });
});
