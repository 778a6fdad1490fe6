import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderPage } from '../../apps/read-model/http/orders.controller.js';
import type { OrderSummary } from '../../apps/read-model/http/orders.repository.js';
import { get, type Problem } from '../support/participants.js';
import {
  startTestProjection,
  startTestReadModelHttp,
  type TestProjection,
  type TestReadModelHttp,
} from '../support/read-model.js';
import {
  newOrder,
  orderEvent,
  pathEvents,
  TOTAL,
  type TestCloudEvent,
} from '../support/read-model-events.js';

describe('read model HTTP API', () => {
  let projection: TestProjection;
  let readModel: TestReadModelHttp;
  const customer = 'cus_paging';
  const other = 'cus_other';
  /** Newest first, as the list returns them. */
  const customerOrders: string[] = [];
  const base = new Date('2026-10-01T00:00:00.000Z').getTime();

  beforeAll(async () => {
    projection = await startTestProjection();
    readModel = await startTestReadModelHttp(projection);
    const events: TestCloudEvent[] = [];
    // 45 orders of one customer; five share a created_at, so the order id breaks the tie.
    for (let i = 0; i < 45; i++) {
      const order = newOrder(customer);
      const placedAt = new Date(base + (i < 5 ? 0 : i) * 1000);
      events.push(...pathEvents(i % 3 === 0 ? 'declined' : 'completed', order, placedAt));
      customerOrders.push(order.orderId);
    }
    for (let i = 0; i < 5; i++) events.push(...pathEvents('cancelled', newOrder(other)));
    // Known only through a participant's event: not listed yet.
    events.push(orderEvent('inventory.reservation.held', newOrder(), new Date()));
    await projection.apply(events);
    customerOrders.reverse();
    const tied = customerOrders.slice(-5).sort().reverse();
    customerOrders.splice(-5, 5, ...tied);
  });

  afterAll(async () => {
    await readModel.close();
    await projection.close();
  });

  const listAll = async (query: string, pageSize: number): Promise<OrderSummary[]> => {
    const orders: OrderSummary[] = [];
    let token: string | null = null;
    do {
      const tokenParam: string = token ? `&pageToken=${token}` : '';
      const page = await get<OrderPage>(
        readModel,
        `/orders?${query}&pageSize=${pageSize}${tokenParam}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.orders.length).toBeLessThanOrEqual(pageSize);
      orders.push(...page.body.orders);
      token = page.body.nextPageToken;
    } while (token);
    return orders;
  };

  it('pages through a customer’s orders newest first, each exactly once', async () => {
    for (const pageSize of [1, 7, 20, 45, 100]) {
      const orders = await listAll(`customerId=${customer}`, pageSize);
      expect(orders.map((o) => o.orderId)).toEqual(customerOrders);
    }
  });

  it('answers an order summary with its total and times', async () => {
    const { body } = await get<OrderPage>(readModel, `/orders?customerId=${other}&pageSize=1`);
    expect(body.orders[0]).toEqual({
      orderId: expect.any(String),
      customerId: other,
      status: 'CANCELLED',
      total: TOTAL,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(body.nextPageToken).toEqual(expect.any(String));
  });

  it('filters by status, alone and with the customer', async () => {
    const failed = await listAll(`customerId=${customer}&status=FAILED`, 4);
    expect(failed).toHaveLength(15);
    expect(failed.every((o) => o.status === 'FAILED' && o.customerId === customer)).toBe(true);

    const cancelled = await listAll('status=CANCELLED', 100);
    expect(cancelled.map((o) => o.customerId)).toEqual(Array(5).fill(other));
  });

  it('defaults to 20 orders a page and lists only orders whose customer is known', async () => {
    const { body } = await get<OrderPage>(readModel, '/orders');
    expect(body.orders).toHaveLength(20);
    const all = await listAll('status=CHARGING_PAYMENT', 100);
    expect(all).toEqual([]);
  });

  it.each([
    ['pageSize=0', 'pageSize'],
    ['pageSize=101', 'pageSize'],
    ['pageSize=two', 'pageSize'],
    ['pageSize=1.5', 'pageSize'],
    ['status=SHIPPED', 'status'],
    ['customerId=%20bad', 'customerId'],
    ['customerId=a&customerId=b', 'customerId'],
    ['pageToken=garbage', 'pageToken'],
    ['pageToken=WyIxIiwieCJd.AAAAAAAAAAAA', 'pageToken'],
    ['color=red', 'color'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    const { status, body, headers } = await get<Problem>(readModel, `/orders?${query}`);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors?.map((e) => e.field)).toEqual([field]);
  });

  it('answers one order, and 404 for an unknown or not yet placed one', async () => {
    const [orderId] = customerOrders;
    const found = await get<OrderSummary>(readModel, `/orders/${orderId}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ orderId, customerId: customer });

    const unknown = await get<Problem>(readModel, '/orders/ord_unknown');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ORDER_NOT_FOUND');

    const bad = await get<Problem>(readModel, '/orders/%20x');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toEqual(['orderId']);
  });

  it('answers an order’s events as published, by event time then arrival', async () => {
    const order = newOrder(customer);
    const at = new Date('2026-09-01T00:00:00.000Z');
    const placed = orderEvent('checkout.order.placed', order, at);
    const held = orderEvent('inventory.reservation.held', order, new Date(at.getTime() + 10));
    const sameTimeFirst = orderEvent(
      'payment.charge.succeeded',
      order,
      new Date(at.getTime() + 20),
    );
    const sameTimeSecond = orderEvent(
      'shipping.shipment.scheduled',
      order,
      new Date(at.getTime() + 20),
    );
    await projection.apply([held, sameTimeFirst]);
    await projection.apply([sameTimeSecond, placed]);

    const { status, body } = await get<{ events: TestCloudEvent[] }>(
      readModel,
      `/orders/${order.orderId}/events`,
    );
    expect(status).toBe(200);
    expect(body.events).toEqual([placed, held, sameTimeFirst, sameTimeSecond]);

    const unknown = await get<Problem>(readModel, '/orders/ord_unknown/events');
    expect(unknown.status).toBe(404);
  });

  it('reports health and serves metrics', async () => {
    const health = await get(readModel, '/health');
    expect(health).toMatchObject({
      status: 200,
      body: { status: 'UP', database: 'UP', consumer: 'UP' },
    });
    const response = await fetch(`${readModel.url}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('http_server_request_duration_seconds');
  });
});
