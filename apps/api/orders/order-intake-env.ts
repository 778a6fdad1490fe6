import { z } from 'zod';
import type { AdmissionLimits } from '../admission/order-admission.js';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** How POST /orders answers and how many orders it takes on at once. */
export const orderIntakeEnv = z.object({
  ORDER_ACCEPT_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(30_000)
    .default(1000)
    .describe(
      'How long POST /orders waits for the reservation to settle before it answers 202 instead of 201 with the priced order.',
    ),
  ORDER_ADMISSION_MAX_IN_FLIGHT: count(32).describe(
    'Orders this API process places at the same time; one more is answered 429 with Retry-After.',
  ),
  ORDER_ADMISSION_MAX_IN_FLIGHT_PER_CUSTOMER: count(20).describe(
    'Orders one customer places at the same time through this API process; one more is answered 429.',
  ),
  ORDER_ADMISSION_RETRY_AFTER_SECONDS: count(1).describe(
    'The Retry-After (seconds) of a POST /orders refused over the admission limits.',
  ),
});

export interface OrderIntakeConfig {
  /** How long POST /orders waits for the reservation to settle; 0 answers 202 at once. */
  acceptWaitMs: number;
  admission: AdmissionLimits;
}

export function toOrderIntakeConfig(vars: z.infer<typeof orderIntakeEnv>): OrderIntakeConfig {
  return {
    acceptWaitMs: vars.ORDER_ACCEPT_WAIT_MS,
    admission: {
      maxInFlight: vars.ORDER_ADMISSION_MAX_IN_FLIGHT,
      maxInFlightPerCustomer: vars.ORDER_ADMISSION_MAX_IN_FLIGHT_PER_CUSTOMER,
      retryAfterSeconds: vars.ORDER_ADMISSION_RETRY_AFTER_SECONDS,
    },
  };
}

/** The settings when no variable overrides them. */
export const DEFAULT_ORDER_INTAKE: OrderIntakeConfig = toOrderIntakeConfig(
  orderIntakeEnv.parse({}),
);
