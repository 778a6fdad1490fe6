import type { AcceptWaitConfig } from './accept-wait-config.js';

/** The longest hold, as a multiple of the configured one. */
const MAX_HOLD_FACTOR = 4;

/** Why POST /orders answered without waiting for the reservation. */
export type SkippedWaitReason = 'backlog' | 'recent_timeout';

export type AcceptWaitDecision = { wait: true } | { wait: false; reason: SkippedWaitReason };

export type AcceptWaitPolicyConfig = Omit<AcceptWaitConfig, 'checkIntervalMs'> & {
  /** A backlog reading older than this says nothing any more: the POSTs wait again. */
  readingStaleAfterMs: number;
};

/**
 * Whether POST /orders waits for the reservation, from what is known of the checkout's backlog:
 * the last background reading of the task queue's backlog age, and the last wait that ran out.
 * Times are the caller's clock in milliseconds, so the rule is plain arithmetic.
 */
export class AcceptWaitPolicy {
  private lastReading: { backlogAgeMs: number; at: number } | undefined;
  private holdUntil = Number.NEGATIVE_INFINITY;
  private holdMs = 0;
  private settledSinceHold = true;

  constructor(private readonly config: AcceptWaitPolicyConfig) {}

  decide(now: number): AcceptWaitDecision {
    if (!this.config.adaptive) return { wait: true };
    if (now < this.holdUntil) return { wait: false, reason: 'recent_timeout' };
    if (this.backlogAgeMs(now) >= this.config.backlogAgeThresholdMs) {
      return { wait: false, reason: 'backlog' };
    }
    return { wait: true };
  }

  /** The age of the oldest workflow task waiting in the checkout's task queue, read at `now`. */
  backlogRead(backlogAgeMs: number, now: number): void {
    this.lastReading = { backlogAgeMs, at: now };
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

  /** The last reading's backlog age, or 0 when there is none recent enough to go by. */
  backlogAgeMs(now: number): number {
    const reading = this.lastReading;
    if (reading === undefined || now - reading.at > this.config.readingStaleAfterMs) return 0;
    return reading.backlogAgeMs;
  }
}
