/**
 * Reads the checkout's backlog age in the background while orders are being posted, so that no
 * request waits on the reading: every `intervalMs` from the first POST until `idleAfterMs` pass
 * without one. A reading that fails is skipped; the policy then goes by the last one until it
 * turns stale.
 */
export class BacklogWatch {
  private timer: NodeJS.Timeout | undefined;
  private lastPostAt = 0;
  private reading = false;
  private closed = false;

  constructor(
    private readonly options: {
      intervalMs: number;
      idleAfterMs: number;
      readBacklogAgeMs: () => Promise<number>;
      onReading: (backlogAgeMs: number, readAt: number) => void;
      now?: () => number;
    },
  ) {}

  /** An order is being posted: keeps the readings going, starting them when they had stopped. */
  orderPosted(): void {
    this.lastPostAt = this.now();
    if (this.timer !== undefined || this.closed) return;
    this.timer = setInterval(() => {
      this.tick();
    }, this.options.intervalMs);
    this.timer.unref();
    this.tick();
  }

  close(): void {
    this.closed = true;
    this.stop();
  }

  private tick(): void {
    if (this.now() - this.lastPostAt > this.options.idleAfterMs) {
      this.stop();
      return;
    }
    // One reading at a time: a slow server does not pile them up.
    if (this.reading) return;
    this.reading = true;
    this.options
      .readBacklogAgeMs()
      .then(
        (backlogAgeMs) => {
          if (!this.closed) this.options.onReading(backlogAgeMs, this.now());
        },
        () => undefined,
      )
      .finally(() => {
        this.reading = false;
      });
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
