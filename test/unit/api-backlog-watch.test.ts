import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { BacklogWatch } from '../../apps/api/accept-wait/backlog-watch.js';

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
