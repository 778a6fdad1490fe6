import type { OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import type { AcceptWaitConfig } from './accept-wait-config.js';
import { acceptWaitMetrics } from './accept-wait-metrics.js';
import { AcceptWaitPolicy, type AcceptWaitDecision } from './accept-wait-policy.js';
import { BacklogWatch } from './backlog-watch.js';

/** Readings go on this long after the last POST, then stop until the next one. */
const IDLE_AFTER_MS = 5000;
/** A reading missed this many times over no longer counts. */
const STALE_AFTER_INTERVALS = 3;

/**
 * Tells POST /orders whether to wait for the reservation: the policy, fed by the background
 * backlog readings and by the waits that ran out, with its decisions counted in `registry`.
 */
export class AdaptiveAcceptWait implements OnApplicationShutdown {
  private readonly policy: AcceptWaitPolicy;
  private readonly watch: BacklogWatch;
  private readonly metrics: ReturnType<typeof acceptWaitMetrics> | undefined;

  constructor(
    config: AcceptWaitConfig,
    readBacklogAgeMs: () => Promise<number>,
    registry?: Registry,
  ) {
    this.policy = new AcceptWaitPolicy({
      ...config,
      readingStaleAfterMs: config.checkIntervalMs * STALE_AFTER_INTERVALS,
    });
    this.watch = new BacklogWatch({
      intervalMs: config.checkIntervalMs,
      idleAfterMs: Math.max(IDLE_AFTER_MS, config.checkIntervalMs * STALE_AFTER_INTERVALS),
      readBacklogAgeMs,
      onReading: (backlogAgeMs, readAt) => {
        this.policy.backlogRead(backlogAgeMs, readAt);
      },
    });
    this.metrics =
      registry === undefined
        ? undefined
        : acceptWaitMetrics(registry, {
            backlogAgeMs: () => this.policy.backlogAgeMs(Date.now()),
            skipsWaits: () => !this.policy.decide(Date.now()).wait,
          });
    if (!config.adaptive) this.watch.close();
  }

  /** Whether the order being posted now waits for its reservation. */
  decide(): AcceptWaitDecision {
    this.watch.orderPosted();
    const decision = this.policy.decide(Date.now());
    if (!decision.wait) this.metrics?.skipped(decision.reason);
    return decision;
  }

  /** A POST waited the whole accept wait without the reservation settling. */
  waitRanOut(): void {
    this.policy.waitRanOut(Date.now());
    // The POST was in flight all along: the readings go on as for one posted now.
    this.watch.orderPosted();
  }

  /** A POST's wait ended with the reservation settled in time. */
  waitSettled(): void {
    this.policy.waitSettled();
  }

  onApplicationShutdown(): void {
    this.watch.close();
  }
}
