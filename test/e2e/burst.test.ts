// A flash sale on the stack of npm start: a burst of orders for the SKU with 5 units in stock.
// The API admits what it can place at once and answers the rest 429 at once; nothing fails and
// nothing is sold twice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AcceptedOrder } from '../../apps/api/orders/order-gateway.js';
import type { Product } from '../../apps/inventory/products.repository.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderRequest } from '../support/api-orders.js';
import { removeDataDir, startStack, type E2eStack } from '../support/e2e-stack.js';
import { SCARCE_SKU, SCARCE_STOCK } from '../support/participants.js';

const REQUESTS = 2000;
const CUSTOMERS = 200;
/** Requests on the wire at once: a burst, far over the API's admission limits. */
const CONCURRENCY = 250;
/** A request whose connection failed (no answer at all) is sent again, with its key, like a client would. */
const NETWORK_RETRIES = 2;
const FINAL_STATUSES = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

interface Outcome {
  customer: ApiClient;
  status: number;
  elapsedMs: number;
  retryAfter: string | null;
  /** Why a request got no answer at all. */
  error?: string;
  /** Sends that got no answer before this one. */
  retries: number;
  /** When placed (201 or 202). */
  orderId?: string;
}

describe('a flash sale: a burst of orders for the scarce SKU', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startStack();
    console.log(`e2e stack (burst) up in ${stack.startSeconds.toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    await stack.stop();
    await removeDataDir(stack.dataDir);
  }, 120_000);

  it('answers 2,000 requests without a 5xx, refuses the excess with 429 quickly, and never oversells', async () => {
    const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => stack.customer()));
    expect(await scarceStock(stack)).toMatchObject({ available: SCARCE_STOCK, reserved: 0 });

    const outcomes = await burst(REQUESTS, CONCURRENCY, (index) => place(pick(customers, index)));

    const byStatus = countBy(outcomes.map(({ status }) => status));
    const refused = outcomes.filter(({ status }) => status === 429);
    const refusedMs = sortedLatencies(refused);
    const placedMs = sortedLatencies(outcomes.filter(({ orderId }) => orderId !== undefined));
    console.log(
      `burst: ${JSON.stringify(byStatus)}; 429 answered in p50 ${percentile(refusedMs, 0.5)} ms, ` +
        `p99 ${percentile(refusedMs, 0.99)} ms; 201/202 in p50 ${percentile(placedMs, 0.5)} ms, ` +
        `p99 ${percentile(placedMs, 0.99)} ms; ` +
        `${outcomes.reduce((sum, { retries }) => sum + retries, 0)} sends repeated after a connection failure`,
    );
    expect(outcomes).toHaveLength(REQUESTS);
    const failed = outcomes.filter(({ status }) => status >= 500 || status === 0);
    expect(failed.map(({ status, elapsedMs, error }) => ({ status, elapsedMs, error }))).toEqual(
      [],
    );
    expect(refused.length).toBeGreaterThan(0);
    for (const { status } of outcomes) expect([201, 202, 429]).toContain(status);
    for (const { retryAfter } of refused) expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Refused at once, not queued: faster than placing an order, however busy the machine is.
    expect(percentile(refusedMs, 0.5)).toBeLessThan(percentile(placedMs, 0.5));

    // Every admitted order comes to an end; at most the stock completes.
    const placed = outcomes.filter(({ orderId }) => orderId !== undefined);
    const finals = await Promise.all(placed.map(finalStatus));
    const completed = finals.filter((status) => status === 'COMPLETED').length;
    const stock = await eventually(async () => {
      const product = await scarceStock(stack);
      expect(product.reserved).toBe(0);
      return product;
    });
    console.log(
      `burst: ${placed.length} orders placed, ${completed} completed; ${SCARCE_SKU} available ${stock.available}`,
    );
    expect(placed.length).toBeGreaterThanOrEqual(SCARCE_STOCK);
    expect(completed).toBeLessThanOrEqual(SCARCE_STOCK);
    expect(stock.available).toBeGreaterThanOrEqual(0);
    expect(completed + stock.available).toBe(SCARCE_STOCK);
  }, 600_000);
});

/**
 * POST /orders for one unit of the scarce SKU, with an Idempotency-Key so that a send whose
 * connection failed can be repeated safely; a request that never gets an answer is status 0.
 */
async function place(customer: ApiClient): Promise<Outcome> {
  const headers = { 'Idempotency-Key': randomUUID() };
  const request = orderRequest({ items: [{ sku: SCARCE_SKU, quantity: 1 }] });
  for (let retries = 0; ; retries++) {
    const started = performance.now();
    try {
      const response = await customer.post<AcceptedOrder | OrderState>('/orders', request, headers);
      const placed = response.status === 201 || response.status === 202;
      return {
        customer,
        status: response.status,
        elapsedMs: performance.now() - started,
        retryAfter: response.headers.get('retry-after'),
        retries,
        ...(placed ? { orderId: response.body.orderId } : {}),
      };
    } catch (error) {
      if (retries < NETWORK_RETRIES) continue;
      // fetch hides the network error (ECONNRESET and the like) in its cause.
      const { cause } = error as { cause?: { code?: string; message?: string } };
      const reason = cause?.code ?? cause?.message ?? String(error);
      const elapsedMs = performance.now() - started;
      return { customer, status: 0, elapsedMs, retryAfter: null, error: reason, retries };
    }
  }
}

/** The order's final status, read by the customer who placed it. */
function finalStatus({ customer, orderId }: Outcome): Promise<string> {
  return eventually(async () => {
    const response = await customer.get<OrderState>(`/orders/${orderId ?? ''}`);
    expect(response.status).toBe(200);
    expect(FINAL_STATUSES.has(response.body.status)).toBe(true);
    return response.body.status;
  }, 300_000);
}

async function burst<T>(
  count: number,
  concurrency: number,
  send: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) results.push(await send(next++));
    }),
  );
  return results;
}

async function scarceStock(stack: E2eStack): Promise<Product> {
  const response = await fetch(`${stack.services.inventory.url}/products`);
  const products = (await response.json()) as Product[];
  const product = products.find(({ sku }) => sku === SCARCE_SKU);
  if (!product) throw new Error(`${SCARCE_SKU} is not in the inventory's catalog`);
  return product;
}

/** The customers take turns. */
function pick(customers: ApiClient[], index: number): ApiClient {
  const customer = customers[index % customers.length];
  if (customer === undefined) throw new Error('No customers to place orders');
  return customer;
}

function sortedLatencies(outcomes: Outcome[]): number[] {
  return outcomes.map(({ elapsedMs }) => elapsedMs).sort((a, b) => a - b);
}

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] ?? 0);
}
