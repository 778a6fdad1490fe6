import { beforeAll, describe, expect, it } from '@jest/globals';
import { OrdersUnavailable } from '../../apps/api/orders/order-errors.js';
import { toOrderError } from '../../apps/api/temporal/temporal-errors.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { useApiHarness } from '../support/api-harness.js';
import type { ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';

describe('API: while no worker runs', () => {
  const harness = useApiHarness();
  let customer: ApiClient;
  let closed: string;
  let running: string;

  beforeAll(async () => {
    customer = await harness.customer();
    closed = (await placeOrder(customer)).orderId;
    running = (await placeOrder(customer, orderRequest({ paymentToken: 'tok_requiresAction' })))
      .orderId;
    await harness.client.workflow.getHandle(`order-${closed}`).result();
    await orderReaching(customer, running, 'AWAITING_PAYMENT_CONFIRMATION');
    await harness.stopWorker();
  }, 120_000);

  it('answers a closed order from its result', async () => {
    const response = await customer.get<OrderState>(`/orders/${closed}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ orderId: closed, status: 'COMPLETED' });
    expect(response.body.trackingNumber).toEqual(expect.any(String));
  });

  it('answers 503 problem+json for a running order nobody can query', async () => {
    const response = await customer.get<ProblemDocument>(`/orders/${running}`);

    expect(response.status).toBe(503);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.code).toBe('ORDERS_UNAVAILABLE');
  }, 30_000);

  it('answers 503 for a cancel nobody can accept, and still 404 for an unknown order', async () => {
    const cancel = await customer.post<ProblemDocument>(`/orders/${running}/cancel`);
    const unknown = await customer.get<ProblemDocument>('/orders/ord_doesnotexist');

    expect(cancel.status).toBe(503);
    expect(unknown.status).toBe(404);
  }, 30_000);

  it.each([
    ['CANCELLED', 1],
    ['DEADLINE_EXCEEDED', 4],
    ['RESOURCE_EXHAUSTED', 8],
    ['UNAVAILABLE', 14],
  ])('counts a query that ends %s as unavailable (503), not as a failure (500)', (_name, code) => {
    const grpcError = Object.assign(new Error('query did not complete'), {
      code,
      details: '',
      metadata: {},
    });

    const error = toOrderError(grpcError, { operation: 'state', orderId: 'ord_1' });

    expect(error).toBeInstanceOf(OrdersUnavailable);
  });
});
