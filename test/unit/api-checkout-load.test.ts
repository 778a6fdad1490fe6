import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ActiveOrders } from '../../apps/api/checkout-load/active-orders.js';
import { BacklogWatch } from '../../apps/api/checkout-load/backlog-watch.js';
import { CheckoutBacklog } from '../../apps/api/checkout-load/checkout-backlog.js';

const INTERVAL_MS = 500;
const IDLE_AFTER_MS = 5000;

describe('the background backlog readings of POST /orders', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function watchReading(read: () => Promise<number>) {
    const readings: number[] = [];
    const readBacklogAgeMs = jest.fn(read);
    const watch = new BacklogWatch({
      intervalMs: INTERVAL_MS,
      idleAfterMs: IDLE_AFTER_MS,
      readBacklogAgeMs,
      onReading: (backlogAgeMs) => readings.push(backlogAgeMs),
    });
    return { watch, readings, readBacklogAgeMs };
  }

  it('reads nothing until an order is posted, then every interval', async () => {
    const { watch, readings, readBacklogAgeMs } = watchReading(() => Promise.resolve(1200));
    await jest.advanceTimersByTimeAsync(3000);
    expect(readBacklogAgeMs).not.toHaveBeenCalled();

    watch.orderPosted();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS * 2);

    expect(readings).toEqual([1200, 1200, 1200]);
    watch.close();
  });

  it('stops once no order was posted for the idle time, and starts again with the next one', async () => {
    const { watch, readBacklogAgeMs } = watchReading(() => Promise.resolve(0));
    watch.orderPosted();
    await jest.advanceTimersByTimeAsync(IDLE_AFTER_MS + INTERVAL_MS * 2);
    const readsWhilePosting = readBacklogAgeMs.mock.calls.length;

    await jest.advanceTimersByTimeAsync(IDLE_AFTER_MS * 2);
    expect(readBacklogAgeMs.mock.calls.length).toBe(readsWhilePosting);

    watch.orderPosted();
    expect(readBacklogAgeMs.mock.calls.length).toBe(readsWhilePosting + 1);
    watch.close();
  });

  it('keeps one reading at a time and skips a failed one', async () => {
    const readingTakesMs = INTERVAL_MS * 3 - 100;
    let calls = 0;
    const { watch, readings } = watchReading(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, readingTakesMs));
      if (calls === 1) throw new Error('server unavailable');
      return 800;
    });
    watch.orderPosted();

    // The ticks at 500 and 1000 ms find the first reading still going.
    await jest.advanceTimersByTimeAsync(INTERVAL_MS * 3 - 1);
    expect(calls).toBe(1);
    expect(readings).toEqual([]);
    await jest.advanceTimersByTimeAsync(readingTakesMs + 2);
    expect(calls).toBe(2);
    expect(readings).toEqual([800]);
    watch.close();
  });

  it('reads nothing more once closed, even when orders are posted', async () => {
    const { watch, readBacklogAgeMs } = watchReading(() => Promise.resolve(0));
    watch.orderPosted();
    watch.close();
    watch.orderPosted();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS * 4);

    expect(readBacklogAgeMs).toHaveBeenCalledTimes(1);
  });
});

describe('the checkout backlog as POST /orders sees it', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('is 0 until read, then the last reading, and 0 again once that is three intervals old', async () => {
    let ageMs = 3000;
    const backlog = new CheckoutBacklog({
      checkIntervalMs: INTERVAL_MS,
      readBacklogAgeMs: () => Promise.resolve(ageMs),
    });
    expect(backlog.backlogAgeMs()).toBe(0);

    backlog.orderPosted();
    await jest.advanceTimersByTimeAsync(0);
    expect(backlog.backlogAgeMs()).toBe(3000);
    ageMs = 0;
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(backlog.backlogAgeMs()).toBe(0);

    ageMs = 1200;
    backlog.beforeApplicationShutdown();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS * 3 + 1);
    expect(backlog.backlogAgeMs()).toBe(0);
  });

  it('forgets a reading that nothing followed for three intervals (the server stopped answering)', async () => {
    let fails = false;
    const backlog = new CheckoutBacklog({
      checkIntervalMs: INTERVAL_MS,
      readBacklogAgeMs: () =>
        fails ? Promise.reject(new Error('unavailable')) : Promise.resolve(900),
    });
    backlog.orderPosted();
    await jest.advanceTimersByTimeAsync(0);
    fails = true;

    await jest.advanceTimersByTimeAsync(INTERVAL_MS * 3);
    expect(backlog.backlogAgeMs()).toBe(900);
    await jest.advanceTimersByTimeAsync(1);
    expect(backlog.backlogAgeMs()).toBe(0);
    backlog.beforeApplicationShutdown();
  });
});

describe('the checkouts an API process started and has not seen close', () => {
  const WINDOW_MS = 15_000;

  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Active orders whose close watches the test answers by hand. */
  function activeOrdersWatched() {
    const watches = new Map<
      string,
      { answer: (closed: boolean) => void; fail: () => void; signal: AbortSignal }
    >();
    const active = new ActiveOrders({
      windowMs: WINDOW_MS,
      waitForClose: (workflowId, signal) =>
        new Promise<boolean>((resolve, reject) => {
          watches.set(workflowId, {
            answer: resolve,
            fail: () => {
              reject(new Error('unavailable'));
            },
            signal,
          });
        }),
    });
    const watch = (workflowId: string) => {
      const found = watches.get(workflowId);
      if (found === undefined) throw new Error(`${workflowId} is not watched`);
      return found;
    };
    return { active, watch, watches };
  }

  it('counts an order from its placing until it closes, once however often it is placed', async () => {
    const { active, watch, watches } = activeOrdersWatched();
    let placed: (() => void) | undefined;
    active.track('order-a', new Promise<void>((resolve) => (placed = resolve)));
    active.track('order-a', Promise.resolve());
    active.track('order-b', Promise.resolve());
    await jest.advanceTimersByTimeAsync(0);
    // Counted while being placed, watched for its close once placed.
    expect(active.count).toBe(2);
    expect([...watches.keys()]).toEqual(['order-b']);
    placed?.();
    await jest.advanceTimersByTimeAsync(0);
    expect(watches.size).toBe(2);

    watch('order-a').answer(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(active.count).toBe(1);
  });

  it('stops counting an order whose placing failed: nothing was started', async () => {
    const { active, watches } = activeOrdersWatched();
    active.track('order-a', Promise.reject(new Error('refused')));
    expect(active.count).toBe(1);
    await jest.advanceTimersByTimeAsync(0);

    expect(active.count).toBe(0);
    expect(watches.size).toBe(0);
  });

  it('keeps counting an order whose watch ended without a close or failed, until its window ends', async () => {
    const { active, watch } = activeOrdersWatched();
    active.track('order-a', Promise.resolve());
    active.track('order-b', Promise.resolve());
    await jest.advanceTimersByTimeAsync(0);
    watch('order-a').answer(false);
    watch('order-b').fail();
    await jest.advanceTimersByTimeAsync(WINDOW_MS - 1);
    expect(active.count).toBe(2);

    await jest.advanceTimersByTimeAsync(1);
    expect(active.count).toBe(0);
  });

  it('stops watching an order once its window ends, and every order on shutdown', async () => {
    const { active, watch } = activeOrdersWatched();
    active.track('order-a', Promise.resolve());
    await jest.advanceTimersByTimeAsync(WINDOW_MS);
    expect(watch('order-a').signal.aborted).toBe(true);

    active.track('order-b', Promise.resolve());
    await jest.advanceTimersByTimeAsync(0);
    active.beforeApplicationShutdown();
    expect(watch('order-b').signal.aborted).toBe(true);
    expect(active.count).toBe(0);
  });
});
