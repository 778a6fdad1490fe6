import { msToNumber } from '@temporalio/common/lib/time.js';
import { z } from 'zod';

/** The time limits the API gives every order it starts (workflow input), from the environment. */
export interface CheckoutPolicy {
  stepTimeBudget: string;
  compensationStuckAfter: string;
  paymentConfirmationTimeout: string;
}

export const CHECKOUT_POLICY = Symbol('CheckoutPolicy');

const duration = (fallback: string) =>
  z.string().default(fallback).refine(isPositiveDuration, {
    error: 'must be a positive duration such as "90 seconds", "15m" or "2 minutes"',
  });

export const checkoutPolicyEnv = z.object({
  STEP_TIME_BUDGET: duration('2 minutes').describe(
    'How long a compensatable step may retry a participant that does not answer before the order fails and rolls back.',
  ),
  COMPENSATION_STUCK_AFTER: duration('15 minutes').describe(
    'A compensation still failing after this long is flagged as stuck for operators.',
  ),
  PAYMENT_CONFIRMATION_TIMEOUT: duration('10 minutes').describe(
    'How long the customer has to pass the card challenge (3-D Secure) before the order rolls back.',
  ),
});

export function toCheckoutPolicy(vars: z.infer<typeof checkoutPolicyEnv>): CheckoutPolicy {
  return {
    stepTimeBudget: vars.STEP_TIME_BUDGET,
    compensationStuckAfter: vars.COMPENSATION_STUCK_AFTER,
    paymentConfirmationTimeout: vars.PAYMENT_CONFIRMATION_TIMEOUT,
  };
}

function isPositiveDuration(value: string): boolean {
  try {
    return msToNumber(value as Parameters<typeof msToNumber>[0]) > 0;
  } catch {
    return false;
  }
}

/** The limits when no variable overrides them. */
export const DEFAULT_CHECKOUT_POLICY: CheckoutPolicy = toCheckoutPolicy(
  checkoutPolicyEnv.parse({}),
);
