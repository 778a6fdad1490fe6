import { Counter, Gauge, type Registry } from 'prom-client';
import type { SkippedWaitReason } from './accept-wait-policy.js';

/** What the metrics read of the adaptive accept wait when scraped. */
export interface AcceptWaitState {
  backlogAgeMs(): number;
  skipsWaits(): boolean;
}

/**
 * `checkout_api_order_accept_waits_skipped_total{reason}`: POST /orders answered 202 without
 * waiting for the reservation, by reason (`backlog` or `recent_timeout`);
 * `checkout_api_checkout_backlog_age_seconds`: the last reading of the checkout task queue's
 * backlog age; `checkout_api_order_accept_wait_skipped`: 1 while POSTs skip the wait.
 */
export function acceptWaitMetrics(
  registry: Registry,
  state: AcceptWaitState,
): { skipped(reason: SkippedWaitReason): void } {
  const skipped = new Counter({
    name: 'checkout_api_order_accept_waits_skipped_total',
    help: 'POST /orders answered 202 without waiting for the reservation, by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  new Gauge({
    name: 'checkout_api_checkout_backlog_age_seconds',
    help: 'Age of the oldest task waiting in the checkout task queue, at the last reading (0 when stale).',
    registers: [registry],
    collect() {
      this.set(state.backlogAgeMs() / 1000);
    },
  });
  new Gauge({
    name: 'checkout_api_order_accept_wait_skipped',
    help: '1 while POST /orders answers 202 at once because the checkout is backlogged, else 0.',
    registers: [registry],
    collect() {
      this.set(state.skipsWaits() ? 1 : 0);
    },
  });
  return {
    skipped: (reason) => {
      skipped.inc({ reason });
    },
  };
}
