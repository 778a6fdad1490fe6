import type { Registry } from 'prom-client';
import type { CheckoutLoad } from '../checkout-load/checkout-load.js';
import type { AcceptWaitConfig } from './accept-wait-config.js';
import { acceptWaitMetrics } from './accept-wait-metrics.js';
import { AcceptWaitPolicy, type AcceptWaitDecision } from './accept-wait-policy.js';

/**
 * Tells POST /orders whether to wait for the reservation: the policy, fed by the checkout's
 * backlog readings and by the waits that ran out, with its decisions counted in `registry`.
 */
export class AdaptiveAcceptWait {
  private readonly policy: AcceptWaitPolicy;
  private readonly adaptive: boolean;
  private readonly metrics: ReturnType<typeof acceptWaitMetrics> | undefined;

  constructor(
    config: AcceptWaitConfig,
    private readonly checkout: CheckoutLoad,
    registry?: Registry,
  ) {
    this.policy = new AcceptWaitPolicy(config);
    this.adaptive = config.adaptive;
    this.metrics =
      registry === undefined
        ? undefined
        : acceptWaitMetrics(registry, () => !this.decideNow().wait);
  }

  /** Whether the order being posted now waits for its reservation. */
  decide(): AcceptWaitDecision {
    if (this.adaptive) this.checkout.orderPosted();
    const decision = this.decideNow();
    if (!decision.wait) this.metrics?.skipped(decision.reason);
    return decision;
  }

  /** A POST waited the whole accept wait without the reservation settling. */
  waitRanOut(): void {
    this.policy.waitRanOut(Date.now());
    // The POST was in flight all along: the readings go on as for one posted now.
    if (this.adaptive) this.checkout.orderPosted();
  }

  /** Admission turned an order away while the checkout was busy, until `retryAfterSeconds`. */
  refusedWhileBusy(retryAfterSeconds: number): void {
    this.policy.refusedWhileBusy(Date.now(), retryAfterSeconds * 1000);
  }

  /** A POST's wait ended with the reservation settled in time. */
  waitSettled(): void {
    this.policy.waitSettled();
  }

  private decideNow(): AcceptWaitDecision {
    return this.policy.decide(Date.now(), {
      activeOrders: this.checkout.activeOrders(),
      backlogAgeMs: this.checkout.backlogAgeMs(),
    });
  }
}
