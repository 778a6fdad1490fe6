import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AcceptedOrder } from '../../apps/api/orders/order-gateway.js';
import { DEFAULT_ORDER_INTAKE } from '../../apps/api/orders/order-intake-env.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { useApiHarness } from '../support/api-harness.js';
import type { ApiClient, HttpResult } from '../support/api-http.js';
import { orderRequest } from '../support/api-orders.js';

const ACCEPT_WAIT_MS = 3000;
/** Long enough for the requests sent before to be admitted, well within the accept wait. */
const ADMITTED_BY_MS = 1000;

describe('orders API: the first answer to POST /orders, and admission control', () => {
  const harness = useApiHarness({
    orderIntake: {
      acceptWaitMs: ACCEPT_WAIT_MS,
      // Every POST here waits the whole wait (the backlog-driven skip has tests of its own).
      acceptWait: { ...DEFAULT_ORDER_INTAKE.acceptWait, adaptive: false },
      admission: {
        maxInFlight: 3,
        maxInFlightPerCustomer: 2,
        maxBacklogAgeMs: 0,
        maxActiveOrders: 0,
        retryAfterSeconds: 2,
        retryAfterSpreadSeconds: 0,
      },
    },
  });
  let customer: ApiClient;

  beforeAll(async () => {
    customer = await harness.customer();
  });

  it('answers 201 with the priced order once the reservation settles', async () => {
    const response = await customer.post<OrderState>('/orders', orderRequest());

    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/orders/${response.body.orderId}`);
    expect(response.body.status).not.toBe('RESERVING_INVENTORY');
    expect(response.body).toMatchObject({
      customerId: customer.callerId,
      items: [{ sku: 'SKU-001', quantity: 2, unitPrice: 24900 }],
      total: { amount: 49800, currency: 'USD' },
    });
  });

  it('answers 201 with the FAILED order when the stock is short', async () => {
    const response = await customer.post<OrderState>(
      '/orders',
      orderRequest({ items: [{ sku: 'SKU-SCARCE', quantity: 6 }] }),
    );

    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/orders/${response.body.orderId}`);
    expect(response.body).toMatchObject({
      status: 'FAILED',
      failure: { step: 'reserveInventory', code: 'INSUFFICIENT_STOCK' },
    });
    expect(response.body.total).toBeUndefined();
  });

  describe('while no worker settles the reservations', () => {
    beforeAll(async () => {
      await harness.stopWorker();
    });

    it('answers 202 with the order id and status after the wait; the order is started', async () => {
      const started = performance.now();
      const response = await customer.post<AcceptedOrder>('/orders', orderRequest());
      const elapsedMs = performance.now() - started;

      expect(response.status).toBe(202);
      const { orderId } = response.body;
      expect(response.body).toEqual({ orderId, status: 'PENDING' });
      expect(response.headers.get('location')).toBe(`/orders/${orderId}`);
      expect(elapsedMs).toBeGreaterThanOrEqual(ACCEPT_WAIT_MS - 50);
      const description = await harness.client.workflow.getHandle(`order-${orderId}`).describe();
      expect(description.status.name).toBe('RUNNING');
    });

    it('answers 429 with Retry-After at once over the per-customer and overall limits', async () => {
      const [first, second, third] = await Promise.all([
        harness.customer(),
        harness.customer(),
        harness.customer(),
      ]);
      const place = (api: ApiClient) => api.post<AcceptedOrder>('/orders', orderRequest());
      // Each of these waits the whole accept wait: they stay in flight meanwhile.
      const admitted: Promise<HttpResult<AcceptedOrder>>[] = [place(first), place(first)];
      await sleep(ADMITTED_BY_MS);

      const overCustomerLimit = await timed(() =>
        first.post<ProblemDocument>('/orders', orderRequest()),
      );
      admitted.push(place(second));
      await sleep(ADMITTED_BY_MS);
      const overTotalLimit = await timed(() =>
        third.post<ProblemDocument>('/orders', orderRequest()),
      );

      for (const { response, elapsedMs } of [overCustomerLimit, overTotalLimit]) {
        expect(response.status).toBe(429);
        expect(response.contentType).toContain('application/problem+json');
        expect(response.body.code).toBe('TOO_MANY_ORDERS');
        expect(response.headers.get('retry-after')).toBe('2');
        expect(elapsedMs).toBeLessThan(500);
      }
      expect((await Promise.all(admitted)).map(({ status }) => status)).toEqual([202, 202, 202]);

      // Once answered, their slots are free again.
      const later = await place(third);
      expect(later.status).toBe(202);
      const metrics = await harness.anonymous.get<string>('/metrics');
      expect(metrics.body).toContain('checkout_api_orders_refused_total{limit="customer"} 1');
      expect(metrics.body).toContain('checkout_api_orders_refused_total{limit="overall"} 1');
      expect(metrics.body).toContain('checkout_api_orders_in_flight 0');
    }, 60_000);
  });
});

async function timed<T>(send: () => Promise<T>): Promise<{ response: T; elapsedMs: number }> {
  const started = performance.now();
  const response = await send();
  return { response, elapsedMs: performance.now() - started };
}
