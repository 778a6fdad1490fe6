import { runConcurrently } from './stats.js';

export interface StartedLoad {
  /** Orders whose start (or POST) was accepted. */
  started: number;
  /** How long each request took, in ms (a throttled request and its retry count as two). */
  requestLatenciesMs: number[];
  /** Answers that asked the client to come back later (HTTP 429), then retried. */
  throttled: number;
  /** Whether the time limit stopped the load before every order had started. */
  cutShort: boolean;
}

/** What one client does to start an order: the time of each request it made for it. */
export type StartOrder = (
  index: number,
) => Promise<{ requestLatenciesMs: number[]; throttled: number }>;

/**
 * `concurrency` clients start orders back to back, without waiting for the sagas: the sagas
 * queue up on the server, so the completed orders per second are what it sustains.
 */
export async function startOrders(
  orders: number,
  concurrency: number,
  deadline: number,
  startOrder: StartOrder,
): Promise<StartedLoad> {
  const requestLatenciesMs: number[] = [];
  let started = 0;
  let throttled = 0;
  let cutShort = false;
  await runConcurrently(orders, concurrency, async (index) => {
    if (Date.now() > deadline) {
      cutShort = true;
      return;
    }
    const outcome = await startOrder(index);
    requestLatenciesMs.push(...outcome.requestLatenciesMs);
    throttled += outcome.throttled;
    started += 1;
  });
  return { started, requestLatenciesMs, throttled, cutShort };
}
