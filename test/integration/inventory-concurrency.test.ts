import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Reservation } from '../../activities/adapters/ports.js';
import {
  post,
  productOf,
  SCARCE_SKU,
  SCARCE_STOCK,
  startTestInventory,
  uniqueId,
  withDatabase,
  type HttpResult,
  type Problem,
  type TestService,
} from '../support/participants.js';

const CONCURRENT_ORDERS = 60;

describe('inventory under concurrent reservations', () => {
  let inventory: TestService;

  beforeAll(async () => {
    inventory = await startTestInventory();
  });

  afterAll(async () => {
    await inventory.close();
  });

  const scarce = () => productOf(inventory, SCARCE_SKU);

  it(`never oversells ${SCARCE_SKU} to ${CONCURRENT_ORDERS} simultaneous orders`, async () => {
    expect(await scarce()).toMatchObject({ available: SCARCE_STOCK, reserved: 0 });

    // Watch the stock while the orders race, to see it never dip below zero.
    const observed: number[] = [];
    const race = new AbortController();
    const watcher = (async () => {
      while (!race.signal.aborted) observed.push((await scarce()).available);
    })();

    const started = performance.now();
    const answers: HttpResult<Reservation | Problem>[] = await Promise.all(
      Array.from({ length: CONCURRENT_ORDERS }, () =>
        post<Reservation | Problem>(inventory, '/reservations', {
          orderId: uniqueId('order'),
          items: [{ sku: SCARCE_SKU, quantity: 1 }],
        }),
      ),
    );
    const elapsedMs = performance.now() - started;
    race.abort();
    await watcher;

    const succeeded = answers.filter((a) => a.status === 201);
    const refused = answers.filter(
      (a) => a.status === 422 && (a.body as Problem).code === 'INSUFFICIENT_STOCK',
    );
    const final = await scarce();
    const { rows } = await withDatabase(inventory.databaseUrl, (client) =>
      client.query<{ min_available: number }>(
        'SELECT min(on_hand - reserved) AS min_available FROM products',
      ),
    );
    console.log(
      `${CONCURRENT_ORDERS} concurrent reservations of ${SCARCE_SKU} (stock ${SCARCE_STOCK}): ` +
        `${succeeded.length} succeeded, ${refused.length} refused with INSUFFICIENT_STOCK, ` +
        `${answers.length - succeeded.length - refused.length} other, in ${elapsedMs.toFixed(0)} ms; ` +
        `final available ${final.available}, reserved ${final.reserved}; ` +
        `lowest available seen during the race ${Math.min(...observed)} (${observed.length} samples)`,
    );

    expect(succeeded).toHaveLength(SCARCE_STOCK);
    expect(refused).toHaveLength(CONCURRENT_ORDERS - SCARCE_STOCK);
    expect(final).toMatchObject({ available: 0, reserved: SCARCE_STOCK });
    expect(Math.min(...observed)).toBeGreaterThanOrEqual(0);
    expect(rows[0]?.min_available).toBeGreaterThanOrEqual(0);
  });
});
