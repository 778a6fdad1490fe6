import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fuzz, resolveSchemathesis } from '../support/schemathesis.js';
import {
  get,
  startTestInventory,
  startTestPayment,
  startTestShipping,
  type TestService,
} from '../support/participants.js';

/** Cases per operation and phase: a few hundred requests per service. */
const MAX_EXAMPLES = 15;

let inventory: TestService;
let payment: TestService;
let shipping: TestService;

beforeAll(async () => {
  await resolveSchemathesis(); // a first run installs it: minutes
  [inventory, payment, shipping] = await Promise.all([
    startTestInventory(),
    startTestPayment(),
    startTestShipping(),
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all([inventory.close(), payment.close(), shipping.close()]);
});

describe('participants under schemathesis (--checks all)', () => {
  it.each([
    [
      'inventory',
      () => inventory,
      ['/products', '/reservations', '/reservations/{id}/confirm', '/reservations/{id}/release'],
    ],
    [
      'payment',
      () => payment,
      ['/charges', '/charges/{id}', '/charges/{id}/authenticate', '/charges/{id}/refund'],
    ],
    ['shipping', () => shipping, ['/shipments', '/shipments/{id}/cancel']],
  ])('publishes the %s OpenAPI document with every route', async (_name, service, paths) => {
    const { status, body } = await get<{ openapi: string; paths: Record<string, unknown> }>(
      service(),
      '/docs-json',
    );

    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining([...paths, '/health']));
  });

  it('never answers the generated requests with a 5xx, at any participant', async () => {
    // Side by side: on a small machine the three runs take the time of the slowest.
    const runs = await Promise.all(
      [inventory, payment, shipping].map((service) =>
        fuzz({ url: service.url, maxExamples: MAX_EXAMPLES }),
      ),
    );

    for (const run of runs) {
      console.log(
        `schemathesis at ${run.url}: ${run.exchanges.length} requests, ${run.serverErrors.length} answered 5xx`,
      );
      expect(run.exchanges.length).toBeGreaterThanOrEqual(100);
      expect(run.serverErrors).toEqual([]);
    }
    const total = runs.reduce((sum, run) => sum + run.exchanges.length, 0);
    expect(total).toBeGreaterThanOrEqual(500);
  }, 240_000);
});
