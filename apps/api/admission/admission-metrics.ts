import { Counter, Gauge, type Registry } from 'prom-client';
import type { AdmissionObserver, OrderAdmission } from './order-admission.js';

/**
 * `checkout_api_orders_in_flight`: orders this API process is placing now;
 * `checkout_api_orders_refused_total{limit}`: POST /orders answered 429, by the limit reached
 * (`overall`, `customer`, `backlog` or `active_orders`).
 */
export function admissionMetrics(registry: Registry): {
  observer: AdmissionObserver;
  watch(admission: OrderAdmission): void;
} {
  const refused = new Counter({
    name: 'checkout_api_orders_refused_total',
    help: 'POST /orders answered 429 over an admission limit, by the limit reached.',
    labelNames: ['limit'],
    registers: [registry],
  });
  let watched: OrderAdmission | undefined;
  new Gauge({
    name: 'checkout_api_orders_in_flight',
    help: 'Orders this API process is placing now (admitted, not yet answered).',
    registers: [registry],
    collect() {
      this.set(watched?.load().inFlight ?? 0);
    },
  });
  return {
    observer: {
      refused: (limit) => {
        refused.inc({ limit });
      },
    },
    watch: (admission) => {
      watched = admission;
    },
  };
}
