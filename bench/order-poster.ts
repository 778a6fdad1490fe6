import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StartOrder } from './load.js';
import { BENCH_SHIPPING_ADDRESS } from './sample-address.js';

const CUSTOMER = 'cus_bench';
/** Catalog SKUs of the PostgreSQL inventory with stock for ten thousand orders or more. */
const SKUS = ['SKU-001', 'SKU-002', 'SKU-003', 'SKU-004'];
/** Without a usable Retry-After, a refused POST is tried again after this many seconds. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const MIN_RETRY_AFTER_SECONDS = 0.05;

export const BENCH_CUSTOMER = CUSTOMER;

export interface PlacedOrder {
  workflowId: string;
  /** How long each request took, in ms, by the HTTP status it answered. */
  answersMs: Record<string, number[]>;
}

/**
 * POST /orders as a customer would: 201 (the reservation settled in time) and 202 (not yet)
 * both place the order; a 429 (admission control) is tried again, with the same Idempotency-Key,
 * after its Retry-After. Anything else stops the benchmark.
 */
export function orderPoster(apiUrl: string, token: string) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const place = async (index: number): Promise<PlacedOrder> => {
    const body = JSON.stringify({
      customerId: CUSTOMER,
      items: [{ sku: SKUS[index % SKUS.length], quantity: 1 }],
      paymentToken: 'tok_visa',
      shippingAddress: BENCH_SHIPPING_ADDRESS,
    });
    const idempotencyKey = randomUUID();
    const answersMs: Record<string, number[]> = {};
    for (;;) {
      const begin = performance.now();
      const response = await fetch(`${apiUrl}/orders`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': idempotencyKey },
        body,
      });
      const text = await response.text();
      (answersMs[String(response.status)] ??= []).push(performance.now() - begin);
      if (response.status === 429) {
        await sleep(retryAfterSeconds(response.headers.get('retry-after')) * 1000);
        continue;
      }
      if (response.status !== 201 && response.status !== 202) {
        throw new Error(`POST /orders answered ${response.status}: ${text}`);
      }
      const { orderId } = JSON.parse(text) as { orderId: string };
      return { workflowId: `order-${orderId}`, answersMs };
    }
  };
  const order: StartOrder = async (index) => (await place(index)).answersMs;
  return { place, order };
}

/** Retry-After in seconds (the API sends delta-seconds); a date or garbage falls back to 1 s. */
function retryAfterSeconds(header: string | null): number {
  const seconds = Number(header ?? '');
  if (header === null || header.trim() === '' || !Number.isFinite(seconds)) {
    return DEFAULT_RETRY_AFTER_SECONDS;
  }
  return Math.max(MIN_RETRY_AFTER_SECONDS, seconds);
}
