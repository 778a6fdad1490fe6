import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AcceptedOrder } from '../../apps/api/orders/order-gateway.js';
import { orderIdForIdempotencyKey } from '../../apps/api/orders/order-ids.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { useApiHarness, type ApiHarness } from '../support/api-harness.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderRequest } from '../support/api-orders.js';
import { parsePrometheusText, sumOf } from '../../lib/metrics/index.js';

const MAX_BACKLOG_AGE_MS = 1500;
const CUSTOMER_ID = 'cus_admission_backlog';

/** The sum of a metric's samples (with these labels) on the API's /metrics now. */
async function metricSum(
  harness: ApiHarness,
  name: string,
  labels?: Record<string, string>,
): Promise<number> {
  const samples = parsePrometheusText((await harness.anonymous.get<string>('/metrics')).body);
  return sumOf(samples, name, labels);
}

describe('orders API: POST /orders refuses new orders while the checkout is too far behind', () => {
  const harness = useApiHarness({
    orderIntake: {
      acceptWaitMs: 300,
      acceptWait: {
        adaptive: true,
        backlogAgeThresholdMs: 150,
        // Only the backlog decides here, however many orders wait.
        busyActiveOrders: 1000,
        checkIntervalMs: 200,
        holdAfterTimeoutMs: 0,
      },
      admission: {
        maxInFlight: 32,
        maxInFlightPerCustomer: 20,
        maxBacklogAgeMs: MAX_BACKLOG_AGE_MS,
        maxActiveOrders: 0,
        retryAfterSeconds: 3,
        retryAfterSpreadSeconds: 0,
      },
    },
  });
  let customer: ApiClient;
  const refusedForBacklog = () =>
    metricSum(harness, 'checkout_api_orders_refused_total', { limit: 'backlog' });

  beforeAll(async () => {
    customer = await harness.customer(CUSTOMER_ID);
  });

  it('takes orders while the sagas keep up', async () => {
    const response = await customer.post<OrderState>('/orders', orderRequest());

    // 201 or 202: how long the first reservation takes on a busy machine is not the point here.
    expect([201, 202]).toContain(response.status);
    expect(await refusedForBacklog()).toBe(0);
  });

  describe('while no worker polls the task queue', () => {
    beforeAll(async () => {
      await harness.stopWorker();
    });

    const key = randomUUID();
    const request = orderRequest();

    it('answers 429 with Retry-After at once once the backlog is as old as the limit, and starts nothing', async () => {
      // The orders placed meanwhile wait for a worker; the oldest of them ages past the limit.
      await eventually(async () => {
        const response = await customer.post('/orders', orderRequest());
        expect(response.status).toBe(429);
      }, 30_000);
      const started = performance.now();
      const response = await customer.post<ProblemDocument>('/orders', request, {
        'Idempotency-Key': key,
      });
      const elapsedMs = performance.now() - started;
      const orderId = orderIdForIdempotencyKey(CUSTOMER_ID, key);
      const orderStarted = await harness.client.workflow
        .getHandle(`order-${orderId}`)
        .describe()
        .then(
          () => true,
          (error: unknown) => {
            if (error instanceof WorkflowNotFoundError) return false;
            throw error;
          },
        );

      expect(response.status).toBe(429);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.code).toBe('TOO_MANY_ORDERS');
      expect(response.body.detail).toMatch(/The checkout is \d+\.\d s behind/);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(elapsedMs).toBeLessThan(500);
      expect(orderStarted).toBe(false);
      expect(await refusedForBacklog()).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('takes the refused order again once a worker has worked off the backlog', async () => {
      await harness.startWorker();

      const placed = await eventually(async () => {
        const response = await customer.post<AcceptedOrder | OrderState>('/orders', request, {
          'Idempotency-Key': key,
        });
        expect([201, 202]).toContain(response.status);
        return response;
      }, 45_000);

      expect(placed.body.orderId).toBe(orderIdForIdempotencyKey(CUSTOMER_ID, key));
      expect(await metricSum(harness, 'checkout_api_checkout_backlog_age_seconds')).toBeLessThan(
        MAX_BACKLOG_AGE_MS / 1000,
      );
    }, 90_000);
  });
});

describe('orders API: POST /orders refuses new orders while the checkout is busy with as many as it may run', () => {
  const MAX_ACTIVE_ORDERS = 3;
  const harness = useApiHarness({
    orderIntake: {
      acceptWaitMs: 0,
      acceptWait: {
        adaptive: false,
        backlogAgeThresholdMs: 1,
        busyActiveOrders: 1,
        checkIntervalMs: 100,
        holdAfterTimeoutMs: 0,
      },
      admission: {
        maxInFlight: 32,
        maxInFlightPerCustomer: 20,
        maxBacklogAgeMs: 0,
        maxActiveOrders: MAX_ACTIVE_ORDERS,
        retryAfterSeconds: 2,
        retryAfterSpreadSeconds: 0,
      },
    },
  });
  let customer: ApiClient;
  const activeOrders = () => metricSum(harness, 'checkout_api_active_orders');

  beforeAll(async () => {
    customer = await harness.customer();
    await harness.stopWorker();
  });

  it('answers 429 at once from the limit on, even within one burst, and takes orders again once they close', async () => {
    const burst = await Promise.all(
      Array.from({ length: 6 }, () => customer.post<AcceptedOrder>('/orders', orderRequest())),
    );
    const statuses = burst.map(({ status }) => status).sort();
    expect(statuses).toEqual([202, 202, 202, 429, 429, 429]);
    const refused = burst.find(({ status }) => status === 429);
    expect(refused?.headers.get('retry-after')).toBe('2');
    expect((refused?.body as unknown as ProblemDocument).detail).toMatch(
      /The checkout is busy with \d+ orders/,
    );
    // The three started orders stay active while no worker runs them.
    expect(await activeOrders()).toBe(MAX_ACTIVE_ORDERS);
    const again = await customer.post('/orders', orderRequest());
    expect(again.status).toBe(429);

    await harness.startWorker();
    const placed = await eventually(async () => {
      const response = await customer.post<AcceptedOrder>('/orders', orderRequest());
      expect(response.status).toBe(202);
      return response;
    }, 45_000);
    expect(placed.body.status).toBe('PENDING');
  }, 90_000);
});
