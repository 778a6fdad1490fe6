import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  InvalidPageToken,
  OrderNotFound,
  OrdersUnavailable,
} from '../../apps/api/orders/order-errors.js';
import type { OrderSummary } from '../../apps/api/orders/order-gateway.js';
import { HttpOrderReadModel } from '../../apps/api/read-model/http-order-read-model.js';
import {
  startTestProjection,
  startTestReadModelHttp,
  type TestProjection,
  type TestReadModelHttp,
} from '../support/read-model.js';
import { newOrder, pathEvents, TOTAL, type TestCloudEvent } from '../support/read-model-events.js';

// The API's client of the read model against the real read model HTTP API: the contract both
// sides build to.
describe('API: the read model client against the read model', () => {
  let projection: TestProjection;
  let server: TestReadModelHttp;
  let readModel: HttpOrderReadModel;
  const customer = newOrder().customerId;
  const other = newOrder().customerId;
  /** The customer's orders, newest first. */
  const newestFirst: string[] = [];
  let othersOrder: string;

  beforeAll(async () => {
    projection = await startTestProjection();
    server = await startTestReadModelHttp(projection);
    readModel = new HttpOrderReadModel({ url: server.url, timeoutMs: 2000 });
    const events: TestCloudEvent[] = [];
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    for (let i = 0; i < 5; i++) {
      const order = newOrder(customer);
      events.push(
        ...pathEvents(i === 2 ? 'declined' : 'completed', order, new Date(base + i * 1000)),
      );
      newestFirst.unshift(order.orderId);
    }
    const others = newOrder(other);
    othersOrder = others.orderId;
    events.push(...pathEvents('completed', others, new Date(base + 10_000)));
    await projection.apply(events);
  }, 120_000);

  afterAll(async () => {
    await server.close();
    await projection.close();
  });

  it("pages through a customer's orders, newest first, with the read model's tokens", async () => {
    const seen: OrderSummary[] = [];
    let pageToken: string | undefined;
    do {
      const page = await readModel.list({
        customerId: customer,
        pageSize: 2,
        ...(pageToken ? { pageToken } : {}),
      });
      expect(page.orders.length).toBeLessThanOrEqual(2);
      seen.push(...page.orders);
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken !== undefined);

    expect(seen.map(({ orderId }) => orderId)).toEqual(newestFirst);
    expect(seen[0]).toEqual({
      orderId: newestFirst[0],
      status: 'COMPLETED',
      customerId: customer,
      totalAmount: TOTAL.amount,
      currency: TOTAL.currency,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('filters by status', async () => {
    const page = await readModel.list({ customerId: customer, status: 'FAILED', pageSize: 20 });

    expect(page.orders.map(({ orderId }) => orderId)).toEqual([newestFirst[2]]);
    expect(page.nextPageToken).toBeNull();
  });

  it("gives the owner and operators an order's events, in order, and nobody else", async () => {
    const orderId = newestFirst[0] ?? '';

    const own = await readModel.events(orderId, { customerId: customer });
    const asOperator = await readModel.events(orderId, {});

    expect(own.events.map(({ type }) => type)[0]).toBe('checkout.order.placed');
    expect(own.events.map(({ type }) => type)).toContain('checkout.order.completed');
    expect(own.events.every(({ subject }) => subject === orderId)).toBe(true);
    expect(asOperator).toEqual(own);
    await expect(readModel.events(othersOrder, { customerId: customer })).rejects.toBeInstanceOf(
      OrderNotFound,
    );
    await expect(readModel.events('ord_unknown', {})).rejects.toBeInstanceOf(OrderNotFound);
  });

  it('refuses a page token the read model did not make', async () => {
    await expect(
      readModel.list({ pageSize: 2, pageToken: 'bm90LWEtdG9rZW4.AAAAAAAAAAAA' }),
    ).rejects.toBeInstanceOf(InvalidPageToken);
  });

  it('is unavailable (503) once the read model is down', async () => {
    await server.close();

    await expect(readModel.list({ pageSize: 2 })).rejects.toBeInstanceOf(OrdersUnavailable);
    await expect(readModel.ping(AbortSignal.timeout(2000))).rejects.toThrow(/unreachable/);
  });
});
