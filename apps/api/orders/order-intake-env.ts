import { z } from 'zod';
import type { AcceptWaitConfig } from '../accept-wait/accept-wait-config.js';
import type { AdmissionLimits } from '../admission/order-admission.js';
import { flag } from '../../../lib/config/index.js';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const milliseconds = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** How POST /orders answers and how many orders it takes on at once. */
export const orderIntakeEnv = z.object({
  ORDER_ACCEPT_WAIT_MS: milliseconds(0, 30_000)
    .default(1000)
    .describe(
      'How long POST /orders waits for the reservation to settle before it answers 202 instead of 201 with the priced order.',
    ),
  ORDER_ACCEPT_ADAPTIVE: flag(true).describe(
    'POST /orders skips the wait for the reservation (202 at once) while the checkout is backlogged; false always waits.',
  ),
  ORDER_ACCEPT_BACKLOG_AGE_MS: milliseconds(1, 600_000)
    .optional()
    .describe(
      'The task queue backlog age (oldest waiting task) from which POST /orders stops waiting; half of ORDER_ACCEPT_WAIT_MS when unset.',
    ),
  ORDER_ACCEPT_BUSY_ACTIVE_ORDERS: count(4).describe(
    'From this many active orders (checkouts started in the last 15 s and still running), POST /orders does not wait for the reservation: 202 as soon as the saga has started.',
  ),
  ORDER_ACCEPT_BACKLOG_CHECK_MS: milliseconds(100, 60_000)
    .default(500)
    .describe(
      "How often the API reads the checkout's load (its task queue backlog and its active orders, for the accept wait and for admission), in the background, while orders are being posted.",
    ),
  ORDER_ACCEPT_HOLD_AFTER_TIMEOUT_MS: milliseconds(0, 600_000)
    .default(5000)
    .describe(
      'After a wait for the reservation runs out, how long POST /orders answers 202 without waiting before the backlog reading decides again; doubled (up to four times as long) when the next waits run out too.',
    ),
  ORDER_ADMISSION_MAX_IN_FLIGHT: count(32).describe(
    'Orders this API process places at the same time; one more is answered 429 with Retry-After.',
  ),
  ORDER_ADMISSION_MAX_IN_FLIGHT_PER_CUSTOMER: count(20).describe(
    'Orders one customer places at the same time through this API process; one more is answered 429.',
  ),
  ORDER_ADMISSION_MAX_BACKLOG_AGE_MS: milliseconds(0, 600_000)
    .default(2000)
    .describe(
      'POST /orders answers 429 while the checkout task queue backlog (its oldest waiting task) is at least this old, so that the sagas never queue without bound; 0 turns this limit off.',
    ),
  ORDER_ADMISSION_MAX_ACTIVE_ORDERS: z.coerce
    .number()
    .int()
    .min(0)
    .default(16)
    .describe(
      'POST /orders answers 429 while this many checkouts, started in the last 15 s and not closed (stuck rollbacks aside), are running, across every API process; 0 turns this limit off.',
    ),
  ORDER_ADMISSION_RETRY_AFTER_SECONDS: count(1).describe(
    'The shortest Retry-After (seconds) of a POST /orders refused over the admission limits.',
  ),
  ORDER_ADMISSION_RETRY_AFTER_SPREAD_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(1)
    .describe(
      'Up to this many seconds, a whole number drawn at random, are added to each refusal’s Retry-After, so that the callers refused together do not all come back in the same second; 0 gives every refusal the same Retry-After.',
    ),
});

export interface OrderIntakeConfig {
  /** How long POST /orders waits for the reservation to settle; 0 answers 202 at once. */
  acceptWaitMs: number;
  /** When POST /orders skips that wait because the checkout is backlogged. */
  acceptWait: AcceptWaitConfig;
  admission: AdmissionLimits;
}

export function toOrderIntakeConfig(vars: z.infer<typeof orderIntakeEnv>): OrderIntakeConfig {
  return {
    acceptWaitMs: vars.ORDER_ACCEPT_WAIT_MS,
    acceptWait: {
      adaptive: vars.ORDER_ACCEPT_ADAPTIVE,
      // The reservation needs at least two workflow tasks (the start, then the one after the
      // reservation), each queued behind the backlog: one older than half the wait leaves no time.
      backlogAgeThresholdMs:
        vars.ORDER_ACCEPT_BACKLOG_AGE_MS ?? Math.max(1, Math.floor(vars.ORDER_ACCEPT_WAIT_MS / 2)),
      busyActiveOrders: vars.ORDER_ACCEPT_BUSY_ACTIVE_ORDERS,
      checkIntervalMs: vars.ORDER_ACCEPT_BACKLOG_CHECK_MS,
      holdAfterTimeoutMs: vars.ORDER_ACCEPT_HOLD_AFTER_TIMEOUT_MS,
    },
    admission: {
      maxInFlight: vars.ORDER_ADMISSION_MAX_IN_FLIGHT,
      maxInFlightPerCustomer: vars.ORDER_ADMISSION_MAX_IN_FLIGHT_PER_CUSTOMER,
      maxBacklogAgeMs: vars.ORDER_ADMISSION_MAX_BACKLOG_AGE_MS,
      maxActiveOrders: vars.ORDER_ADMISSION_MAX_ACTIVE_ORDERS,
      retryAfterSeconds: vars.ORDER_ADMISSION_RETRY_AFTER_SECONDS,
      retryAfterSpreadSeconds: vars.ORDER_ADMISSION_RETRY_AFTER_SPREAD_SECONDS,
    },
  };
}

/** The settings when no variable overrides them. */
export const DEFAULT_ORDER_INTAKE: OrderIntakeConfig = toOrderIntakeConfig(
  orderIntakeEnv.parse({}),
);
