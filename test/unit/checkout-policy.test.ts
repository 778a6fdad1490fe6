import { describe, expect, it } from '@jest/globals';
import { loadEnv } from '../../lib/config/index.js';
import {
  checkoutPolicyEnv,
  DEFAULT_CHECKOUT_POLICY,
  toCheckoutPolicy,
} from '../../apps/api/orders/checkout-policy.js';

const load = (env: NodeJS.ProcessEnv) => toCheckoutPolicy(loadEnv('API', checkoutPolicyEnv, env));

describe('the time limits the API starts every order with', () => {
  it('default to the design: a 2-minute step budget, stuck after 15 minutes, 10 minutes to pass a card challenge', () => {
    expect(DEFAULT_CHECKOUT_POLICY).toEqual({
      stepTimeBudget: '2 minutes',
      compensationStuckAfter: '15 minutes',
      paymentConfirmationTimeout: '10 minutes',
    });
  });

  it('take any duration Temporal reads', () => {
    expect(
      load({
        STEP_TIME_BUDGET: '90s',
        COMPENSATION_STUCK_AFTER: '1h',
        PAYMENT_CONFIRMATION_TIMEOUT: '20 seconds',
      }),
    ).toEqual({
      stepTimeBudget: '90s',
      compensationStuckAfter: '1h',
      paymentConfirmationTimeout: '20 seconds',
    });
  });

  it('refuse a value that is no positive duration, naming the variable', () => {
    expect(() => load({ STEP_TIME_BUDGET: 'soon', PAYMENT_CONFIRMATION_TIMEOUT: '0' })).toThrow(
      /STEP_TIME_BUDGET: must be a positive duration[\s\S]*PAYMENT_CONFIRMATION_TIMEOUT: must be a positive duration/,
    );
  });
});
