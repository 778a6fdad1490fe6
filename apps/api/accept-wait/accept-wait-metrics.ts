import { Counter, Gauge, type Registry } from 'prom-client';
import type { SkippedWaitReason } from './accept-wait-policy.js';

/**
 * `checkout_api_order_accept_waits_skipped_total{reason}`: POST /orders answered 202 without
 * waiting for the reservation, by reason (`busy`, `backlog` or `recent_timeout`);
 * `checkout_api_order_accept_wait_skipped`: 1 while POSTs skip the wait.
 */
export function acceptWaitMetrics(
  registry: Registry,
  skipsWaits: () => boolean,
): { skipped(reason: SkippedWaitReason): void } {
  const skipped = new Counter({
    name: 'checkout_api_order_accept_waits_skipped_total',
    help: 'POST /orders answered 202 without waiting for the reservation, by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  new Gauge({
    name: 'checkout_api_order_accept_wait_skipped',
    help: '1 while POST /orders answers 202 at once because the checkout is backlogged, else 0.',
    registers: [registry],
    collect() {
      this.set(skipsWaits() ? 1 : 0);
    },
  });
  return {
    skipped: (reason) => {
      skipped.inc({ reason });
    },
  };
}
