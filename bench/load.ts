import { runConcurrently } from './stats.js';

/** The key of a start that is no HTTP request (a worker phase's `workflow.start()`). */
export const STARTED = 'started';

export interface StartedLoad {
  /** Orders whose start (or POST) was accepted. */
  started: number;
  /**
   * How long each request took, in ms, by its answer: the HTTP status for the full stack
   * (201, 202, 429…), `started` for a `workflow.start()`. A refused request and its retry
   * count as two.
   */
  answersMs: Record<string, number[]>;
  /** Whether the time limit stopped the load before every order had started. */
  cutShort: boolean;
}

/** What one client does to start an order: the time of each request it made for it. */
export type StartOrder = (index: number) => Promise<Record<string, number[]>>;

export function emptyLoad(): StartedLoad {
  return { started: 0, answersMs: {}, cutShort: false };
}

/** Adds one order's requests to the load's. */
export function addAnswers(load: StartedLoad, answersMs: Record<string, number[]>): void {
  for (const [answer, latencies] of Object.entries(answersMs)) {
    (load.answersMs[answer] ??= []).push(...latencies);
  }
}

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
  const load = emptyLoad();
  await runConcurrently(orders, concurrency, async (index) => {
    if (Date.now() > deadline) {
      load.cutShort = true;
      return;
    }
    addAnswers(load, await startOrder(index));
    load.started += 1;
  });
  return load;
}
