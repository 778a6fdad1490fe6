import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AcceptedOrder } from '../../apps/api/orders/order-gateway.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { useApiHarness } from '../support/api-harness.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderRequest } from '../support/api-orders.js';
import { parsePrometheusText, sumOf, type Sample } from '../../lib/metrics/index.js';

/** Long, so that an answer well under it cannot come from a wait that ran out. */
const ACCEPT_WAIT_MS = 5000;
const BACKLOG_AGE_THRESHOLD_MS = 1000;

describe('orders API: POST /orders skips the wait for the reservation while the checkout is backlogged', () => {
  const harness = useApiHarness({
    orderIntake: {
      acceptWaitMs: ACCEPT_WAIT_MS,
      acceptWait: {
        adaptive: true,
        backlogAgeThresholdMs: BACKLOG_AGE_THRESHOLD_MS,
        // Only the backlog decides here, however many orders wait.
        busyActiveOrders: 1000,
        checkIntervalMs: 200,
        // No hold after a wait ran out: only the task queue's backlog reading decides here.
        holdAfterTimeoutMs: 0,
      },
      // No backlog limit: the backlog built here is for the accept wait alone.
      admission: {
        maxInFlight: 32,
        maxInFlightPerCustomer: 20,
        maxBacklogAgeMs: 0,
        maxActiveOrders: 0,
        retryAfterSeconds: 1,
        retryAfterSpreadSeconds: 0,
      },
    },
  });
  let customer: ApiClient;
  const metrics = async (): Promise<Sample[]> =>
    parsePrometheusText((await harness.anonymous.get<string>('/metrics')).body);

  beforeAll(async () => {
    customer = await harness.customer();
  });

  it('waits and answers 201 while the sagas keep up', async () => {
    const response = await customer.post<OrderState>('/orders', orderRequest());

    expect(response.status).toBe(201);
    expect(sumOf(await metrics(), 'checkout_api_order_accept_waits_skipped_total')).toBe(0);
  });

  describe('while no worker polls the task queue', () => {
    beforeAll(async () => {
      await harness.stopWorker();
    });

    it('answers 202 without waiting once the backlog reading passes the threshold; the order is placed once', async () => {
      // The first order waits out the wait (nothing is known yet) and leaves a task behind.
      const first = await customer.post<AcceptedOrder>('/orders', orderRequest());
      expect(first.status).toBe(202);
      await eventually(async () => {
        const samples = await metrics();
        expect(sumOf(samples, 'checkout_api_checkout_backlog_age_seconds')).toBeGreaterThanOrEqual(
          BACKLOG_AGE_THRESHOLD_MS / 1000,
        );
        expect(sumOf(samples, 'checkout_api_order_accept_wait_skipped')).toBe(1);
      }, 20_000);

      const key = randomUUID();
      const request = orderRequest();
      const started = performance.now();
      const accepted = await customer.post<AcceptedOrder>('/orders', request, {
        'Idempotency-Key': key,
      });
      const elapsedMs = performance.now() - started;

      expect(accepted.status).toBe(202);
      const { orderId } = accepted.body;
      expect(accepted.body).toEqual({ orderId, status: 'PENDING' });
      expect(accepted.headers.get('location')).toBe(`/orders/${orderId}`);
      expect(elapsedMs).toBeLessThan(ACCEPT_WAIT_MS / 2);
      const description = await harness.client.workflow.getHandle(`order-${orderId}`).describe();
      expect(description.status.name).toBe('RUNNING');

      const repeated = await customer.post<AcceptedOrder>('/orders', request, {
        'Idempotency-Key': key,
      });
      expect(repeated.status).toBe(202);
      expect(repeated.body).toEqual({ orderId, status: 'PENDING' });
      const otherBody = await customer.post<ProblemDocument>(
        '/orders',
        orderRequest({ items: [{ sku: 'SKU-001', quantity: 1 }] }),
        { 'Idempotency-Key': key },
      );
      expect(otherBody.status).toBe(422);
      expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

      const samples = await metrics();
      expect(
        sumOf(samples, 'checkout_api_order_accept_waits_skipped_total', { reason: 'backlog' }),
      ).toBeGreaterThanOrEqual(2);
    }, 60_000);

    it('waits and answers 201 again once a worker has worked off the backlog', async () => {
      await harness.startWorker();

      // Orders keep coming (and the readings going) until one waits for its reservation.
      const settled = await eventually(async () => {
        const response = await customer.post<OrderState>('/orders', orderRequest());
        expect(response.status).toBe(201);
        return response;
      }, 45_000);

      expect(settled.body.status).not.toBe('RESERVING_INVENTORY');
      const samples = await metrics();
      expect(sumOf(samples, 'checkout_api_checkout_backlog_age_seconds')).toBeLessThan(
        BACKLOG_AGE_THRESHOLD_MS / 1000,
      );
      expect(sumOf(samples, 'checkout_api_order_accept_wait_skipped')).toBe(0);
    }, 90_000);
  });
});
