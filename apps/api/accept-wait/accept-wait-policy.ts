import type { AcceptWaitConfig } from './accept-wait-config.js';

/** The longest hold, as a multiple of the configured one. */
const MAX_HOLD_FACTOR = 4;

/** Why POST /orders answered without waiting for the reservation. */
export type SkippedWaitReason = 'busy' | 'backlog' | 'recent_timeout';

export type AcceptWaitDecision = { wait: true } | { wait: false; reason: SkippedWaitReason };

export type AcceptWaitPolicyConfig = Omit<AcceptWaitConfig, 'checkIntervalMs'>;

/**
 * Whether POST /orders waits for the reservation, from what is known of the checkout's load: its
 * active orders and its task queue's backlog age as last read, the last orders turned away for
 * it, and the last wait that ran out. Times are the caller's clock in milliseconds, so the rule is
 * plain arithmetic.
 */
export class AcceptWaitPolicy {
  private busyUntil = Number.NEGATIVE_INFINITY;
  private holdUntil = Number.NEGATIVE_INFINITY;
  private holdMs = 0;
  private settledSinceHold = true;

  constructor(private readonly config: AcceptWaitPolicyConfig) {}

  decide(now: number, load: { activeOrders: number; backlogAgeMs: number }): AcceptWaitDecision {
    const { activeOrders, backlogAgeMs } = load;
    if (!this.config.adaptive) return { wait: true };
    if (now < this.holdUntil) return { wait: false, reason: 'recent_timeout' };
    if (now < this.busyUntil || activeOrders >= this.config.busyActiveOrders) {
      return { wait: false, reason: 'busy' };
    }
    if (backlogAgeMs >= this.config.backlogAgeThresholdMs) {
      return { wait: false, reason: 'backlog' };
    }
    return { wait: true };
  }

  /**
   * Admission turned an order away because the checkout was busy, telling it to come back in
   * `retryAfterMs`: until then the few orders admitted meanwhile do not wait either, since the
   * ones turned away return together and queue their reservations alongside.
   */
  refusedWhileBusy(now: number, retryAfterMs: number): void {
    this.busyUntil = Math.max(this.busyUntil, now + retryAfterMs);
  }

  /**
   * A POST waited the whole accept wait without the reservation settling: the POSTs stop waiting
   * for the hold. When the waits after a hold run out again with none settling in between, the
   * next hold is twice as long (up to MAX_HOLD_FACTOR times the configured one), so that a
   * backlog the readings cannot see costs fewer full waits.
   */
  waitRanOut(now: number): void {
    // A wait that began before the hold started tells nothing new.
    if (now < this.holdUntil) return;
    const base = this.config.holdAfterTimeoutMs;
    this.holdMs = this.settledSinceHold ? base : Math.min(this.holdMs * 2, base * MAX_HOLD_FACTOR);
    this.holdUntil = now + this.holdMs;
    this.settledSinceHold = false;
  }

  /** A POST's wait ended with the reservation settled: the next hold is the configured one. */
  waitSettled(): void {
    this.settledSinceHold = true;
  }
}
