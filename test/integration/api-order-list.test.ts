import { beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderPage } from '../../apps/api/orders/order-gateway.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import { useApiHarness } from '../support/api-harness.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';

describe('orders API: listing orders from visibility', () => {
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

  /** Visibility trails the workflows: poll until the page shows what the test expects. */
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

  it("lists a customer's orders with summaries from the search attributes", async () => {
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
    });
    expect(Number.isNaN(Date.parse(summary?.createdAt ?? ''))).toBe(false);
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

  it('lets an operator list the orders with a stuck compensation', async () => {
    // None of these orders has a stuck compensation.
    const stuck = await operator.get<OrderPage>(`/orders?stuck=true&customerId=${customerId}`);
    const notStuck = await listed(`stuck=false&customerId=${customerId}`, ({ orders }) => {
      expect(orders).toHaveLength(3);
    });

    expect(stuck.status).toBe(200);
    expect(stuck.body.orders).toEqual([]);
    expect(notStuck.orders).toHaveLength(3);
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
    // An order is COMPLETED at the pivot but its workflow closes after the confirmation is sent;
    // closing moves it in the visibility order, so page only once all of them have closed.
    await listed(`customerId=${customerId}`, ({ orders }) => {
      expect(orders).toHaveLength(3);
      expect(orders.every((order) => order.closedAt !== undefined)).toBe(true);
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
});
