import { beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderPage } from '../../apps/api/orders/order-gateway.js';
import type { OrderEventList } from '../../apps/api/orders/order-read-model.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import { useApiHarness } from '../support/api-harness.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';

describe('orders API: listing orders from the read model', () => {
  const harness = useApiHarness();
  let customer: ApiClient;
  let otherCustomer: ApiClient;
  let operator: ApiClient;
  let customerId: string;
  let otherCustomerId: string;
  let completed: string[];
  let failed: string;
  let othersOrder: string;

  beforeAll(async () => {
    customer = await harness.customer();
    otherCustomer = await harness.customer();
    operator = await harness.operator();
    customerId = customer.callerId;
    otherCustomerId = otherCustomer.callerId;
    completed = [];
    for (let i = 0; i < 2; i++) {
      completed.push((await placeOrder(customer)).orderId);
    }
    failed = (await placeOrder(customer, orderRequest({ paymentToken: 'tok_chargeDeclined' })))
      .orderId;
    othersOrder = (await placeOrder(otherCustomer)).orderId;
    await Promise.all([
      ...completed.map((orderId) => orderReaching(customer, orderId, 'COMPLETED')),
      orderReaching(customer, failed, 'FAILED'),
      orderReaching(otherCustomer, othersOrder, 'COMPLETED'),
    ]);
  }, 180_000);

  /** The read model trails the workflows: poll until the page shows what the test expects. */
  function listed(
    query: string,
    expectPage: (page: OrderPage) => void,
    api: ApiClient = operator,
  ): Promise<OrderPage> {
    return eventually(async () => {
      const response = await api.get<OrderPage>(`/orders?${query}`);
      expect(response.status).toBe(200);
      expectPage(response.body);
      return response.body;
    });
  }

  it("lists a customer's orders with summaries from the read model", async () => {
    const page = await listed(`customerId=${customerId}`, ({ orders }) => {
      expect(orders).toHaveLength(3);
      expect(orders.filter((order) => order.status === 'COMPLETED')).toHaveLength(2);
    });

    expect(page.nextPageToken).toBeNull();
    expect(page.orders.map((order) => order.orderId).sort()).toEqual([...completed, failed].sort());
    const summary = page.orders.find((order) => order.orderId === completed[0]);
    expect(summary).toMatchObject({
      orderId: completed[0],
      status: 'COMPLETED',
      customerId,
      totalAmount: 49800,
      currency: 'USD',
    });
    expect(Number.isNaN(Date.parse(summary?.createdAt ?? ''))).toBe(false);
    expect(Number.isNaN(Date.parse(summary?.updatedAt ?? ''))).toBe(false);
    expect(harness.readModel.requests).toContain(
      `GET /orders?pageSize=20&customerId=${customerId}`,
    );
  });

  it('gives a customer its own orders only, whatever the filter', async () => {
    const own = await listed(
      '',
      ({ orders }) => {
        expect(orders).toHaveLength(3);
      },
      customer,
    );
    const others = await listed(
      'status=COMPLETED',
      ({ orders }) => {
        expect(orders.map((order) => order.orderId)).toEqual([othersOrder]);
      },
      otherCustomer,
    );
    const someoneElses = await customer.get<ProblemDocument>(
      `/orders?customerId=${otherCustomerId}`,
    );
    const stuck = await customer.get<ProblemDocument>('/orders?stuck=true');

    expect(own.orders.map((order) => order.orderId).sort()).toEqual([...completed, failed].sort());
    expect(own.orders.every((order) => order.customerId === customerId)).toBe(true);
    expect(others.orders[0]?.customerId).toBe(otherCustomerId);
    expect(someoneElses.status).toBe(403);
    expect(someoneElses.body.code).toBe('FORBIDDEN');
    expect(stuck.status).toBe(403);
  });

  it('lets an operator list the orders with a stuck compensation, from visibility', async () => {
    const readModelRequests = harness.readModel.requests.length;
    // None of these orders has a stuck compensation.
    const stuck = await operator.get<OrderPage>(`/orders?stuck=true&customerId=${customerId}`);
    const notStuck = await listed(`stuck=false&customerId=${customerId}`, ({ orders }) => {
      expect(orders).toHaveLength(3);
      expect(orders.every((order) => order.updatedAt !== undefined)).toBe(true);
    });

    expect(stuck.status).toBe(200);
    expect(stuck.body.orders).toEqual([]);
    expect(notStuck.orders.map((order) => order.orderId).sort()).toEqual(
      [...completed, failed].sort(),
    );
    expect(harness.readModel.requests.length).toBe(readModelRequests);
  });

  it('filters by status and by customer', async () => {
    const failedOnly = await listed(`customerId=${customerId}&status=FAILED`, ({ orders }) => {
      expect(orders.map((order) => order.orderId)).toEqual([failed]);
    });
    const completedOnly = await listed(
      `customerId=${customerId}&status=COMPLETED`,
      ({ orders }) => {
        expect(orders).toHaveLength(2);
      },
    );
    const allCompleted = await listed('status=COMPLETED', ({ orders }) => {
      expect(orders.length).toBeGreaterThanOrEqual(3);
    });

    expect(failedOnly.orders[0]?.status).toBe('FAILED');
    expect(completedOnly.orders.map((order) => order.orderId).sort()).toEqual(
      [...completed].sort(),
    );
    expect(allCompleted.orders.every((order) => order.status === 'COMPLETED')).toBe(true);
    expect(allCompleted.orders.map((order) => order.customerId)).toContain(otherCustomerId);
  });

  it('pages through the orders with nextPageToken', async () => {
    await listed(`customerId=${customerId}`, ({ orders }) => {
      expect(orders).toHaveLength(3);
    });

    const first = await operator.get<OrderPage>(`/orders?customerId=${customerId}&pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body.orders).toHaveLength(2);
    expect(first.body.nextPageToken).toEqual(expect.any(String));

    const second = await operator.get<OrderPage>(
      `/orders?customerId=${customerId}&pageSize=2&pageToken=${first.body.nextPageToken ?? ''}`,
    );
    expect(second.status).toBe(200);
    expect(second.body.orders).toHaveLength(1);
    expect(second.body.nextPageToken).toBeNull();

    const ids = [...first.body.orders, ...second.body.orders].map((order) => order.orderId);
    expect(ids.sort()).toEqual([...completed, failed].sort());
    const newestFirst = [...first.body.orders, ...second.body.orders].map(
      (order) => order.createdAt,
    );
    expect(newestFirst).toEqual([...newestFirst].sort().reverse());
  });

  it("gives the owner and operators an order's events in order, and 404 to anyone else", async () => {
    const [orderId = ''] = completed;
    const own = await eventually(async () => {
      const response = await customer.get<OrderEventList>(`/orders/${orderId}/events`);
      expect(response.status).toBe(200);
      expect(response.body.events.map((event) => event.type)).toEqual([
        'checkout.order.placed',
        'checkout.order.completed',
      ]);
      return response.body;
    });
    const asOperator = await operator.get<OrderEventList>(`/orders/${orderId}/events`);
    const asOtherCustomer = await otherCustomer.get<ProblemDocument>(`/orders/${orderId}/events`);
    const unknown = await customer.get<ProblemDocument>('/orders/ord_doesnotexist/events');
    const malformed = await customer.get<ProblemDocument>('/orders/not%20an%20id/events');

    expect(own.events.every((event) => event.subject === orderId)).toBe(true);
    expect(asOperator.status).toBe(200);
    expect(asOperator.body).toEqual(own);
    expect(asOtherCustomer.status).toBe(404);
    expect(asOtherCustomer.body.code).toBe('ORDER_NOT_FOUND');
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
  });

  it('refuses an unknown status, a bad customer id, page size or page token with 400', async () => {
    const status = await operator.get<ProblemDocument>('/orders?status=SHIPPED');
    const injection = await operator.get<ProblemDocument>(
      `/orders?customerId=${encodeURIComponent("x' OR CustomerId != '")}`,
    );
    const pageSize = await operator.get<ProblemDocument>('/orders?pageSize=1000');
    const pageToken = await operator.get<ProblemDocument>('/orders?pageToken=bm90LWEtdG9rZW4');
    const forgedToken = await operator.get<ProblemDocument>(
      '/orders?pageToken=bm90LWEtdG9rZW4.AAAAAAAAAAAA',
    );

    expect(status.status).toBe(400);
    expect(status.body.errors?.map((error) => error.field)).toEqual(['status']);
    expect(injection.status).toBe(400);
    expect(injection.body.errors?.map((error) => error.field)).toEqual(['customerId']);
    expect(pageSize.status).toBe(400);
    expect(pageSize.body.errors?.map((error) => error.field)).toEqual(['pageSize']);
    expect(pageToken.status).toBe(400);
    expect(pageToken.body.errors?.map((error) => error.field)).toEqual(['pageToken']);
    expect(forgedToken.status).toBe(400);
    expect(forgedToken.body.errors?.map((error) => error.field)).toEqual(['pageToken']);
  });

  it('answers 503 problem+json while the read model is down, and still lists stuck orders', async () => {
    await harness.readModel.close();

    const list = await customer.get<ProblemDocument>('/orders');
    const events = await operator.get<ProblemDocument>(`/orders/${failed}/events`);
    const stuck = await operator.get<OrderPage>('/orders?stuck=true');
    const health = await harness.anonymous.get<{ error?: Record<string, unknown> }>('/health');

    expect(list.status).toBe(503);
    expect(list.contentType).toContain('application/problem+json');
    expect(list.body.code).toBe('ORDERS_UNAVAILABLE');
    expect(events.status).toBe(503);
    expect(stuck.status).toBe(200);
    expect(health.status).toBe(503);
    expect(Object.keys(health.body.error ?? {})).toEqual(['readModel']);
  });
});
