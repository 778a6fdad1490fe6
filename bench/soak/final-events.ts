// The read model trails the saga: a finished order's final lifecycle event reaches
// GET /orders/{id}/events a moment later. Each finished order is asked again until its list has
// that event, or until the wait is over.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { SoakApiClient } from './api-client.js';
import { FINAL_EVENT_TYPES, type ListedEvents } from './invariants.js';
import { inLanes } from './lanes.js';
import type { OrderOutcome } from './order-driver.js';

const eventListSchema = z.object({ events: z.array(z.looseObject({ type: z.string() })) });
const ROUND_PAUSE_MS = 1000;
const LANES = 8;

export interface FinalEventsSettings {
  api: SoakApiClient;
  token: (customerId: string) => Promise<string>;
  timeoutMs: number;
}

/** For every finished order, the event types last listed for it (and how long it took). */
export async function readFinalEvents(
  outcomes: readonly OrderOutcome[],
  { api, token, timeoutMs }: FinalEventsSettings,
): Promise<{ listed: ListedEvents[]; waitedSeconds: number }> {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  const listed: (ListedEvents & { customerId: string })[] = outcomes.flatMap(
    ({ orderId, final, plan }) =>
      orderId && final && FINAL_EVENT_TYPES[final.status] !== undefined
        ? [{ orderId, status: final.status, customerId: plan.customerId }]
        : [],
  );
  let pending = listed;
  for (;;) {
    await inLanes(pending, LANES, async (entry) => {
      const response = await api.orderEvents(await token(entry.customerId), entry.orderId);
      const parsed = eventListSchema.safeParse(response.body);
      if (response.status === 200 && parsed.success) {
        entry.types = parsed.data.events.map(({ type }) => type);
        delete entry.problem;
      } else {
        entry.problem = `status ${response.status || 'unanswered'}`;
      }
    }).results;
    pending = pending.filter(
      ({ status, types }) => !types?.includes(FINAL_EVENT_TYPES[status] ?? ''),
    );
    if (pending.length === 0 || Date.now() >= deadline) break;
    await sleep(ROUND_PAUSE_MS);
  }
  return {
    listed: listed.map(({ customerId: _customerId, ...entry }) => entry),
    waitedSeconds: (performance.now() - started) / 1000,
  };
}
