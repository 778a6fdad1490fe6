import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';

/**
 * Waits until the order's checkout closes; gives up (rejects or resolves) when `signal` aborts.
 * Resolving before the close says nothing; the order then counts until its window ends.
 */
export type WaitForClose = (workflowId: string, signal: AbortSignal) => Promise<boolean>;

export interface ActiveOrdersOptions {
  /** How long an order counts at most (ms). */
  windowMs: number;
  waitForClose: WaitForClose;
}

/**
 * The checkouts this API process is placing or has started, and has not yet seen close (within
 * their window): the sagas it has put to work. Each started one is watched with one long poll
 * that the server answers when the checkout closes. `checkout_api_active_orders` shows the count.
 */
export class ActiveOrders implements BeforeApplicationShutdown {
  private readonly watched = new Map<string, AbortController>();

  constructor(
    private readonly options: ActiveOrdersOptions,
    registry?: Registry,
  ) {
    if (registry !== undefined) {
      const count = () => this.count;
      new Gauge({
        name: 'checkout_api_active_orders',
        help:
          'Checkouts this API process is placing or started and has not seen close yet ' +
          `(each for ${options.windowMs / 1000} s at most).`,
        registers: [registry],
        collect() {
          this.set(count());
        },
      });
    }
  }

  get count(): number {
    return this.watched.size;
  }

  /**
   * The checkout `workflowId` is being placed: it counts from now. Once `placement` settles it
   * counts until the checkout closes, or not at all when the placement failed (nothing started).
   */
  track(workflowId: string, placement: Promise<unknown>): void {
    if (this.watched.has(workflowId)) return;
    const controller = new AbortController();
    this.watched.set(workflowId, controller);
    const forget = () => {
      clearTimeout(window);
      if (this.watched.get(workflowId) === controller) this.watched.delete(workflowId);
    };
    const window = setTimeout(() => {
      controller.abort();
      forget();
    }, this.options.windowMs);
    window.unref();
    placement.then(() => {
      if (controller.signal.aborted) return;
      this.options.waitForClose(workflowId, controller.signal).then(
        (closed) => {
          if (closed) forget();
        },
        // Not known to be closed (the server did not answer): it counts until its window ends.
        () => undefined,
      );
    }, forget);
  }

  /**
   * Runs before the Temporal connection closes (that is on application shutdown): a long poll cut
   * off by the close would be retried on the closed channel.
   */
  beforeApplicationShutdown(): void {
    for (const controller of this.watched.values()) controller.abort();
    this.watched.clear();
  }
}
