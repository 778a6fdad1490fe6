import { describe, expect, it } from '@jest/globals';
import {
  AcceptWaitPolicy,
  type AcceptWaitPolicyConfig,
} from '../../apps/api/accept-wait/accept-wait-policy.js';
import { orderIntakeEnv, toOrderIntakeConfig } from '../../apps/api/orders/order-intake-env.js';
import { loadEnv } from '../../lib/config/index.js';

const CONFIG: AcceptWaitPolicyConfig = {
  adaptive: true,
  backlogAgeThresholdMs: 500,
  busyActiveOrders: 4,
  holdAfterTimeoutMs: 5000,
};

/** The checkout's load with no active orders known and this backlog age. */
const backlog = (backlogAgeMs: number) => ({ activeOrders: 0, backlogAgeMs });

describe('adaptive accept wait: whether POST /orders waits for the reservation', () => {
  it('waits when no backlog is known', () => {
    expect(new AcceptWaitPolicy(CONFIG).decide(0, backlog(0))).toEqual({ wait: true });
  });

  it('waits while the backlog is younger than the threshold, and skips from the threshold on', () => {
    const policy = new AcceptWaitPolicy(CONFIG);

    expect(policy.decide(1000, backlog(499))).toEqual({ wait: true });
    expect(policy.decide(1500, backlog(500))).toEqual({ wait: false, reason: 'backlog' });
    expect(policy.decide(2000, backlog(0))).toEqual({ wait: true });
  });

  it('skips the wait from as many active orders as the busy threshold, whatever the backlog', () => {
    const policy = new AcceptWaitPolicy(CONFIG);

    expect(policy.decide(0, { activeOrders: 3, backlogAgeMs: 0 })).toEqual({ wait: true });
    expect(policy.decide(0, { activeOrders: 4, backlogAgeMs: 0 })).toEqual({
      wait: false,
      reason: 'busy',
    });
  });

  it('skips the wait while the orders turned away for a busy checkout have yet to come back', () => {
    const policy = new AcceptWaitPolicy(CONFIG);
    policy.refusedWhileBusy(10_000, 1000);
    policy.refusedWhileBusy(10_200, 500);

    expect(policy.decide(10_999, backlog(0))).toEqual({ wait: false, reason: 'busy' });
    expect(policy.decide(11_000, backlog(0))).toEqual({ wait: true });
  });

  it('skips the wait for the hold after a wait ran out, then goes by the backlog', () => {
    const policy = new AcceptWaitPolicy(CONFIG);
    policy.waitRanOut(10_000);

    expect(policy.decide(10_000, backlog(0))).toEqual({ wait: false, reason: 'recent_timeout' });
    expect(policy.decide(14_999, backlog(0))).toEqual({ wait: false, reason: 'recent_timeout' });
    expect(policy.decide(15_000, backlog(2000))).toEqual({ wait: false, reason: 'backlog' });
    expect(policy.decide(15_500, backlog(0))).toEqual({ wait: true });
  });

  it('doubles the hold when the waits after it run out again, up to four times, and resets once one settles', () => {
    const policy = new AcceptWaitPolicy(CONFIG);
    const holdAfterTimeoutAt = (now: number) => {
      policy.waitRanOut(now);
      let end = now;
      while (!policy.decide(end, backlog(0)).wait) end += 100;
      return end - now;
    };

    expect(holdAfterTimeoutAt(0)).toBe(5000);
    // A wait that began before the hold ended runs out within it: no longer hold for that.
    policy.waitRanOut(4000);
    expect(policy.decide(5000, backlog(0))).toEqual({ wait: true });
    expect(holdAfterTimeoutAt(6000)).toBe(10_000);
    expect(holdAfterTimeoutAt(20_000)).toBe(20_000);
    expect(holdAfterTimeoutAt(50_000)).toBe(20_000);
    policy.waitSettled();
    expect(holdAfterTimeoutAt(80_000)).toBe(5000);
  });

  it('always waits when the adaptation is off', () => {
    const policy = new AcceptWaitPolicy({ ...CONFIG, adaptive: false });
    policy.waitRanOut(0);

    expect(policy.decide(0, backlog(60_000))).toEqual({ wait: true });
  });
});

describe('adaptive accept wait configuration', () => {
  const load = (env: NodeJS.ProcessEnv) => loadEnv('API', orderIntakeEnv, env);
  const configOf = (env: NodeJS.ProcessEnv) => toOrderIntakeConfig(load(env)).acceptWait;

  it('defaults the backlog threshold to half the accept wait', () => {
    expect(configOf({})).toEqual({
      adaptive: true,
      backlogAgeThresholdMs: 500,
      busyActiveOrders: 4,
      checkIntervalMs: 500,
      holdAfterTimeoutMs: 5000,
    });
    expect(configOf({ ORDER_ACCEPT_WAIT_MS: '3000' }).backlogAgeThresholdMs).toBe(1500);
  });

  it('takes the threshold, the interval, the hold and the switch from the variables', () => {
    expect(
      configOf({
        ORDER_ACCEPT_ADAPTIVE: 'false',
        ORDER_ACCEPT_BACKLOG_AGE_MS: '200',
        ORDER_ACCEPT_BUSY_ACTIVE_ORDERS: '9',
        ORDER_ACCEPT_BACKLOG_CHECK_MS: '1000',
        ORDER_ACCEPT_HOLD_AFTER_TIMEOUT_MS: '0',
      }),
    ).toEqual({
      adaptive: false,
      backlogAgeThresholdMs: 200,
      busyActiveOrders: 9,
      checkIntervalMs: 1000,
      holdAfterTimeoutMs: 0,
    });
  });

  it('refuses a threshold of 0 and an interval under 100 ms', () => {
    expect(() => load({ ORDER_ACCEPT_BACKLOG_AGE_MS: '0' })).toThrow(/ORDER_ACCEPT_BACKLOG_AGE_MS/);
    expect(() => load({ ORDER_ACCEPT_BACKLOG_CHECK_MS: '50' })).toThrow(
      /ORDER_ACCEPT_BACKLOG_CHECK_MS/,
    );
  });
});

describe('admission configuration', () => {
  const admissionOf = (env: NodeJS.ProcessEnv) =>
    toOrderIntakeConfig(loadEnv('API', orderIntakeEnv, env)).admission;

  it('bounds the active orders and the backlog age by default, and turns either off with 0', () => {
    expect(admissionOf({})).toEqual({
      maxInFlight: 32,
      maxInFlightPerCustomer: 20,
      maxBacklogAgeMs: 2000,
      maxActiveOrders: 16,
      retryAfterSeconds: 1,
      retryAfterSpreadSeconds: 1,
    });
    expect(
      admissionOf({
        ORDER_ADMISSION_MAX_BACKLOG_AGE_MS: '0',
        ORDER_ADMISSION_MAX_ACTIVE_ORDERS: '0',
      }),
    ).toMatchObject({ maxBacklogAgeMs: 0, maxActiveOrders: 0 });
  });

  it('names the variable of a limit that is not a whole number of at least 0', () => {
    expect(() => admissionOf({ ORDER_ADMISSION_MAX_ACTIVE_ORDERS: '-1' })).toThrow(
      /ORDER_ADMISSION_MAX_ACTIVE_ORDERS/,
    );
    expect(() => admissionOf({ ORDER_ADMISSION_MAX_BACKLOG_AGE_MS: 'soon' })).toThrow(
      /ORDER_ADMISSION_MAX_BACKLOG_AGE_MS/,
    );
    expect(() => admissionOf({ ORDER_ADMISSION_RETRY_AFTER_SPREAD_SECONDS: '1.5' })).toThrow(
      /ORDER_ADMISSION_RETRY_AFTER_SPREAD_SECONDS/,
    );
  });
});
