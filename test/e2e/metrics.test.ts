// The metrics of the design on the stack of npm start, after a small mix of orders: the saga's on
// the worker's /metrics, the HTTP histograms on the api's and each participant's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { OrderStatus } from '../../workflows/checkout/order.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';
import { removeDataDir, startStack, type E2eStack } from '../support/e2e-stack.js';
import { samplesOf, scrape, sumOf, type Sample } from '../../lib/metrics/index.js';

const HTTP_COUNT = 'http_server_request_duration_seconds_count';

/** Places an order and waits for its final status; returns the order id. */
async function runOrder(
  customer: ApiClient,
  kind: 'completed' | 'declined' | 'out of stock' | 'cancelled',
): Promise<{ orderId: string; status: OrderStatus }> {
  switch (kind) {
    case 'completed': {
      const { orderId } = await placeOrder(customer);
      return { orderId, status: (await orderReaching(customer, orderId, 'COMPLETED')).status };
    }
    case 'declined': {
      const request = orderRequest({ paymentToken: 'tok_chargeDeclined' });
      const { orderId } = await placeOrder(customer, request);
      return { orderId, status: (await orderReaching(customer, orderId, 'FAILED')).status };
    }
    case 'out of stock': {
      const request = orderRequest({ items: [{ sku: 'SKU-SCARCE', quantity: 6 }] });
      const { orderId } = await placeOrder(customer, request);
      return { orderId, status: (await orderReaching(customer, orderId, 'FAILED')).status };
    }
    case 'cancelled': {
      const request = orderRequest({ paymentToken: 'tok_requiresAction' });
      const { orderId } = await placeOrder(customer, request);
      await orderReaching(customer, orderId, 'AWAITING_PAYMENT_CONFIRMATION');
      expect((await customer.post(`/orders/${orderId}/cancel`, {})).status).toBe(202);
      return { orderId, status: (await orderReaching(customer, orderId, 'CANCELLED')).status };
    }
  }
}

/** name{labels} value, one line each, for the log of what the run measured. */
function describeSamples(samples: Sample[]): string {
  return samples
    .map(({ name, labels, value }) => {
      const shown = Object.entries(labels)
        .filter(
          ([key]) => !['namespace', 'taskQueue', 'workflowType', 'service_name'].includes(key),
        )
        .map(([key, text]) => `${key}="${text}"`)
        .join(',');
      return `${name}{${shown}} ${String(value)}`;
    })
    .join('\n');
}

describe('metrics after a mix of orders, end to end', () => {
  let stack: E2eStack | undefined;
  const running = (): E2eStack => {
    if (!stack) throw new Error('The stack did not start');
    return stack;
  };
  const orders: { orderId: string; customerId: string }[] = [];
  let worker: Sample[];

  beforeAll(async () => {
    stack = await startStack();
    const { customer: newCustomer } = stack;
    const kinds = ['completed', 'completed', 'declined', 'out of stock', 'cancelled'] as const;
    const finished = await Promise.all(
      kinds.map(async (kind) => {
        const customer = await newCustomer();
        const { orderId, status } = await runOrder(customer, kind);
        return { orderId, customerId: customer.callerId, status };
      }),
    );
    orders.push(...finished);
    expect(finished.map((order) => order.status).sort()).toEqual([
      'CANCELLED',
      'COMPLETED',
      'COMPLETED',
      'FAILED',
      'FAILED',
    ]);
    // The workflow records an order's metrics as it returns, after its final status shows.
    worker = await eventually(async () => {
      const samples = await scrape(
        `http://127.0.0.1:${running().ports.WORKER_METRICS_PORT}/metrics`,
      );
      expect(sumOf(samples, 'checkout_orders_finished_total')).toBe(5);
      return samples;
    });
    console.log(
      `worker /metrics after the mix:\n${describeSamples(
        worker.filter(
          (sample) => sample.name.startsWith('checkout_') && !sample.name.endsWith('_bucket'),
        ),
      )}`,
    );
  }, 420_000);

  afterAll(async () => {
    // Undefined when the stack failed to start: the failure is beforeAll's.
    if (stack === undefined) return;
    await stack.stop();
    await removeDataDir(stack.dataDir);
  }, 120_000);

  it('counts the finished orders by status', () => {
    const finished = (status: string) =>
      sumOf(worker, 'checkout_orders_finished_total', { status });

    expect({
      COMPLETED: finished('COMPLETED'),
      FAILED: finished('FAILED'),
      CANCELLED: finished('CANCELLED'),
    }).toEqual({ COMPLETED: 2, FAILED: 2, CANCELLED: 1 });
  });

  it('times each order from its start to its final status, in seconds', () => {
    for (const [status, count] of [
      ['COMPLETED', 2],
      ['FAILED', 2],
      ['CANCELLED', 1],
    ] as const) {
      const labels = { status };
      expect({
        status,
        count: sumOf(worker, 'checkout_order_duration_seconds_count', labels),
      }).toEqual({ status, count });
      expect(
        sumOf(worker, 'checkout_order_duration_seconds_bucket', { ...labels, le: '+Inf' }),
      ).toBe(count);
      const seconds = sumOf(worker, 'checkout_order_duration_seconds_sum', labels);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds / count).toBeLessThan(120);
    }
  });

  it('times each step by outcome', () => {
    const steps = (step: string, outcome: string) =>
      sumOf(worker, 'checkout_step_duration_seconds_count', { step, outcome });

    expect({
      reserveInventory: {
        completed: steps('reserveInventory', 'completed'),
        failed: steps('reserveInventory', 'failed'),
      },
      chargePayment: {
        completed: steps('chargePayment', 'completed'),
        failed: steps('chargePayment', 'failed'),
        cancelled: steps('chargePayment', 'cancelled'),
      },
      scheduleShipping: { completed: steps('scheduleShipping', 'completed') },
    }).toEqual({
      // Every order but the one out of stock got its reservation; the declined card failed
      // its charge, and the cancel stopped the charge that waited for the card's challenge.
      reserveInventory: { completed: 4, failed: 1 },
      chargePayment: { completed: 2, failed: 1, cancelled: 1 },
      scheduleShipping: { completed: 2 },
    });
    const buckets = samplesOf(worker, 'checkout_step_duration_seconds_bucket', {
      step: 'reserveInventory',
      outcome: 'completed',
    });
    expect(buckets.map((bucket) => bucket.labels.le)).toContain('0.05');
    expect(
      sumOf(worker, 'checkout_step_duration_seconds_sum', { step: 'reserveInventory' }),
    ).toBeGreaterThan(0);
  });

  it('counts the compensations that completed, one for each step an unwound order attempted', () => {
    const completed = (compensation: string) =>
      sumOf(worker, 'checkout_compensations_total', { compensation, outcome: 'completed' });

    // A failed step is undone too (its effect may have happened before the failure): the
    // out-of-stock order releases its reservation attempt, the declined card refunds its charge.
    expect({
      releaseReservation: completed('releaseReservation'),
      refundPayment: completed('refundPayment'),
      cancelShipment: completed('cancelShipment'),
    }).toEqual({ releaseReservation: 3, refundPayment: 2, cancelShipment: 0 });
    expect(sumOf(worker, 'checkout_compensations_stuck_total')).toBe(0);
  });

  it('keeps order and customer ids out of every label', () => {
    const labelValues = worker.flatMap((sample) => Object.values(sample.labels));
    for (const { orderId, customerId } of orders) {
      expect(
        labelValues.filter((value) => value.includes(orderId) || value.includes(customerId)),
      ).toEqual([]);
    }
  });

  it("times the api's requests by route template", async () => {
    const api = await scrape(`http://127.0.0.1:${running().ports.API_PORT}/metrics`);
    /** Requests answered 2xx (POST /orders answers 201 or 202, as far as the order got). */
    const succeeded = (method: string, route: string) =>
      samplesOf(api, HTTP_COUNT, { service: 'checkout-api', method, route })
        .filter((sample) => sample.labels.status_code?.startsWith('2'))
        .reduce((total, sample) => total + sample.value, 0);

    console.log(`api /metrics:\n${describeSamples(samplesOf(api, HTTP_COUNT))}`);
    expect(succeeded('POST', '/orders')).toBe(5);
    expect(succeeded('POST', '/orders/:orderId/cancel')).toBe(1);
    expect(succeeded('GET', '/orders/:orderId')).toBeGreaterThanOrEqual(5);
    const routes = new Set(samplesOf(api, HTTP_COUNT).map((sample) => sample.labels.route));
    expect(
      [...routes].filter((route) => orders.some(({ orderId }) => route?.includes(orderId))),
    ).toEqual([]);
    expect(
      sumOf(api, 'http_server_request_duration_seconds_sum', { route: '/orders', method: 'POST' }),
    ).toBeGreaterThan(0);
  });

  it.each([
    ['inventory', 'POST', '/reservations', 5],
    ['payment', 'POST', '/charges', 4],
    ['shipping', 'POST', '/shipments', 2],
  ] as const)(
    "times %s's requests, the saga's steps included",
    async (service, method, route, steps) => {
      const samples = await scrape(`${running().services[service].url}/metrics`);

      console.log(
        `${service} /metrics:\n${describeSamples([
          ...samplesOf(samples, HTTP_COUNT),
          ...samplesOf(samples, 'outbox_backlog_events'),
        ])}`,
      );
      // Each step is one request, or more when an attempt is retried.
      expect(sumOf(samples, HTTP_COUNT, { service, method, route })).toBeGreaterThanOrEqual(steps);
      expect(sumOf(samples, HTTP_COUNT, { service, route: 'unmatched' })).toBe(0);
      expect(samples.some((sample) => sample.name === 'process_cpu_seconds_total')).toBe(true);
      // The events its steps wrote and the relay has not published yet: a count, never negative.
      const backlog = samplesOf(samples, 'outbox_backlog_events', { service });
      expect(backlog.map((sample) => Number.isInteger(sample.value) && sample.value >= 0)).toEqual([
        true,
      ]);
    },
  );

  it('has the read model apply every order event and catch up: its consumer lag falls to 0', async () => {
    const url = `http://127.0.0.1:${running().ports.READ_MODEL_PORT}/metrics`;
    const applied = (samples: Sample[], type: string) =>
      sumOf(samples, 'read_model_events_applied_total', { type });

    const samples = await eventually(async () => {
      const current = await scrape(url);
      expect(samplesOf(current, 'read_model_consumer_lag_messages').map((s) => s.value)).toEqual([
        0,
      ]);
      expect(applied(current, 'checkout.order.placed')).toBe(5);
      return current;
    }, 60_000);
    console.log(
      `read model /metrics:\n${describeSamples(
        samples.filter(
          (sample) => sample.name.startsWith('read_model_') && !sample.name.endsWith('_bucket'),
        ),
      )}`,
    );

    expect({
      completed: applied(samples, 'checkout.order.completed'),
      failed: applied(samples, 'checkout.order.failed'),
      cancelled: applied(samples, 'checkout.order.cancelled'),
    }).toEqual({ completed: 2, failed: 2, cancelled: 1 });
    expect(sumOf(samples, 'read_model_events_rejected_total')).toBe(0);
    expect(
      sumOf(samples, HTTP_COUNT, { service: 'order-read-model', route: '/health' }),
    ).toBeGreaterThan(0);
  });
});
