// A participant's /metrics: Node.js's own metrics and the request duration histogram, labelled by
// the route template (never the raw path) and the status code.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startTestShipping, type TestService } from '../support/participants.js';
import { samplesOf, scrape, sumOf } from '../../lib/metrics/index.js';

const DURATION = 'http_server_request_duration_seconds';

describe('the HTTP metrics of a participant', () => {
  let shipping: TestService;

  beforeAll(async () => {
    shipping = await startTestShipping();
  });

  afterAll(async () => {
    await shipping.close();
  });

  it('serves the Prometheus text format on GET /metrics, with the process metrics', async () => {
    const response = await fetch(`${shipping.url}/metrics`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('times each request under its route template, method and status code', async () => {
    const shipmentId = randomUUID();
    const orderId = randomUUID();
    await fetch(`${shipping.url}/health`);
    await fetch(`${shipping.url}/health`);
    await fetch(`${shipping.url}/shipments?orderId=${orderId}`);
    await fetch(`${shipping.url}/shipments/${shipmentId}/cancel`, { method: 'POST' });
    await fetch(`${shipping.url}/no-such-thing/${shipmentId}`);

    const samples = await scrape(`${shipping.url}/metrics`);
    const count = (labels: Record<string, string>) =>
      sumOf(samples, `${DURATION}_count`, { service: 'shipping', ...labels });

    expect(count({ method: 'GET', route: '/health', status_code: '200' })).toBe(2);
    expect(count({ method: 'GET', route: '/shipments', status_code: '200' })).toBe(1);
    expect(count({ method: 'POST', route: '/shipments/:id/cancel' })).toBe(1);
    expect(count({ method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    const routes = new Set(samplesOf(samples, `${DURATION}_count`).map((s) => s.labels.route));
    expect([...routes].filter((route) => route?.includes(shipmentId))).toEqual([]);
    expect(
      sumOf(samples, `${DURATION}_sum`, { route: '/health', status_code: '200' }),
    ).toBeGreaterThan(0);
  });

  it('buckets durations in seconds, from 5 ms to 10 s', async () => {
    await fetch(`${shipping.url}/health`);
    const samples = await scrape(`${shipping.url}/metrics`);
    const bounds = samplesOf(samples, `${DURATION}_bucket`, {
      route: '/health',
      status_code: '200',
    }).map((sample) => sample.labels.le);

    expect(bounds).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);
  });

  it('answers 405 to a method /metrics does not serve', async () => {
    const response = await fetch(`${shipping.url}/metrics`, { method: 'POST' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
