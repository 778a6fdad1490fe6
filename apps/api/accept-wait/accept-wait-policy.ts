/** Why POST /orders answered without waiting for the reservation. */
export type SkippedWaitReason = 'backlog' | 'recent_timeout';

export type AcceptWaitDecision = { wait: true } | { wait: false; reason: SkippedWaitReason };

export interface AcceptWaitPolicyConfig {
  /** Off: every POST waits, as long as the accept wait is above 0. */
  adaptive: boolean;
  /** A backlog at least this old means the reservation cannot settle within the wait. */
  backlogAgeThresholdMs: number;
  /** How long a wait that ran out keeps the next POSTs from waiting. */
  holdAfterTimeoutMs: number;
  /** A backlog reading older than this says nothing any more: the POSTs wait again. */
  readingStaleAfterMs: number;
}

/**
 * Whether POST /orders waits for the reservation, from what is known of the checkout's backlog:
 * the last background reading of the task queue's backlog age, and the last wait that ran out.
 * Times are the caller's clock in milliseconds, so the rule is plain arithmetic.
 */
export class AcceptWaitPolicy {
  private lastReading: { backlogAgeMs: number; at: number } | undefined;
  private lastTimeoutAt: number | undefined;

  constructor(private readonly config: AcceptWaitPolicyConfig) {}

  decide(now: number): AcceptWaitDecision {
    if (!this.config.adaptive) return { wait: true };
    if (
      this.lastTimeoutAt !== undefined &&
      now - this.lastTimeoutAt < this.config.holdAfterTimeoutMs
    ) {
      return { wait: false, reason: 'recent_timeout' };
    }
    if (this.backlogAgeMs(now) >= this.config.backlogAgeThresholdMs) {
      return { wait: false, reason: 'backlog' };
    }
    return { wait: true };
  }

  /** The age of the oldest task waiting in the checkout's task queues, read at `now`. */
  backlogRead(backlogAgeMs: number, now: number): void {
    this.lastReading = { backlogAgeMs, at: now };
  }

  /** A POST waited the whole accept wait without the reservation settling. */
  waitRanOut(now: number): void {
    this.lastTimeoutAt = now;
  }

  /** The last reading's backlog age, or 0 when there is none recent enough to go by. */
  backlogAgeMs(now: number): number {
    const reading = this.lastReading;
    if (reading === undefined || now - reading.at > this.config.readingStaleAfterMs) return 0;
    return reading.backlogAgeMs;
  }
}
