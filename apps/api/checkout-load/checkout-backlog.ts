import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { BacklogWatch } from './backlog-watch.js';

/** Readings go on this long after the last POST, then stop until the next one. */
const IDLE_AFTER_MS = 5000;
/** A reading missed this many times over no longer counts. */
const STALE_AFTER_INTERVALS = 3;

export interface CheckoutBacklogOptions {
  /** How often the backlog is read while orders are being posted (ms). */
  checkIntervalMs: number;
  /** One reading of the checkout task queue's backlog age (ms). */
  readBacklogAgeMs: () => Promise<number>;
  now?: () => number;
}

/**
 * The last background reading of the checkout task queue's backlog age: the same for every API
 * process. A reading older than a few intervals says nothing any more and counts as no backlog.
 * `checkout_api_checkout_backlog_age_seconds` shows it.
 */
export class CheckoutBacklog implements BeforeApplicationShutdown {
  private lastReading: { ageMs: number; at: number } | undefined;
  private readonly watch: BacklogWatch;
  private readonly now: () => number;
  private readonly staleAfterMs: number;

  constructor(options: CheckoutBacklogOptions, registry?: Registry) {
    this.now = options.now ?? Date.now;
    this.staleAfterMs = options.checkIntervalMs * STALE_AFTER_INTERVALS;
    this.watch = new BacklogWatch({
      intervalMs: options.checkIntervalMs,
      idleAfterMs: Math.max(IDLE_AFTER_MS, this.staleAfterMs),
      readBacklogAgeMs: options.readBacklogAgeMs,
      onReading: (ageMs, at) => {
        this.lastReading = { ageMs, at };
      },
      now: this.now,
    });
    if (registry !== undefined) {
      const backlogAgeMs = () => this.backlogAgeMs();
      new Gauge({
        name: 'checkout_api_checkout_backlog_age_seconds',
        help: 'Age of the oldest task waiting in the checkout task queue, at the last reading (0 when stale).',
        registers: [registry],
        collect() {
          this.set(backlogAgeMs() / 1000);
        },
      });
    }
  }

  /** An order is being posted: keeps the readings going, starting them when they had stopped. */
  orderPosted(): void {
    this.watch.orderPosted();
  }

  /** The age (ms) of the oldest workflow task waiting for a worker; 0 when none is known. */
  backlogAgeMs(): number {
    const reading = this.lastReading;
    if (reading === undefined || this.now() - reading.at > this.staleAfterMs) return 0;
    return reading.ageMs;
  }

  /** Stops the readings before the Temporal connection closes (see ActiveOrders). */
  beforeApplicationShutdown(): void {
    this.watch.close();
  }
}
