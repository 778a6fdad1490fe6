import { describe, expect, it } from '@jest/globals';
import {
  AdmissionRefused,
  OrderAdmission,
  type AdmissionLimit,
  type AdmissionLimits,
} from '../../apps/api/admission/order-admission.js';

const LIMITS: AdmissionLimits = {
  maxInFlight: 3,
  maxInFlightPerCustomer: 2,
  maxBacklogAgeMs: 2000,
  maxActiveOrders: 10,
  retryAfterSeconds: 4,
  retryAfterSpreadSeconds: 0,
};

function admissionWithLoad(limits: AdmissionLimits = LIMITS) {
  const checkout = { ageMs: 0, active: 0, posted: 0 };
  const refusals: AdmissionLimit[] = [];
  const admission = new OrderAdmission(
    limits,
    {
      orderPosted: () => {
        checkout.posted += 1;
      },
      backlogAgeMs: () => checkout.ageMs,
      activeOrders: () => checkout.active,
    },
    { refused: (limit) => refusals.push(limit) },
  );
  return { admission, checkout, refusals };
}

function refusalOf(admit: () => unknown): AdmissionRefused {
  try {
    admit();
  } catch (error) {
    if (error instanceof AdmissionRefused) return error;
    throw error;
  }
  throw new Error('the order was admitted');
}

describe('order admission', () => {
  it('refuses every order while the checkout is as far behind as the limit, and admits again below it', () => {
    const { admission, checkout, refusals } = admissionWithLoad();
    checkout.ageMs = 1999;
    admission.admit('cus_a')();

    checkout.ageMs = 2500;
    const refusal = refusalOf(() => admission.admit('cus_b'));
    expect(refusal.getStatus()).toBe(429);
    expect(refusal.retryAfterSeconds).toBe(4);
    expect(refusal.message).toContain('2.5 s behind');
    expect(refusals).toEqual(['backlog']);
    expect(admission.load().inFlight).toBe(0);

    checkout.ageMs = 0;
    admission.admit('cus_b')();
  });

  it('keeps the backlog readings going with every order posted, refused ones included', () => {
    const { admission, checkout } = admissionWithLoad();
    checkout.ageMs = 5000;
    refusalOf(() => admission.admit('cus_a'));
    refusalOf(() => admission.admit('cus_a'));

    expect(checkout.posted).toBe(2);
  });

  it('refuses every order while the active orders reach the limit', () => {
    const { admission, checkout, refusals } = admissionWithLoad();
    checkout.active = 9;
    admission.admit('cus_a')();

    checkout.active = 10;
    const refusal = refusalOf(() => admission.admit('cus_b'));
    expect(refusal.getStatus()).toBe(429);
    expect(refusal.retryAfterSeconds).toBe(4);
    expect(refusal.message).toContain('busy with 10 orders');
    expect(refusals).toEqual(['active_orders']);

    checkout.active = 9;
    admission.admit('cus_b')();
  });

  it('spreads the Retry-After of refusals over the spread, in whole seconds', () => {
    const draws = [0, 0.34, 0.5, 0.99];
    const heard: number[] = [];
    const admission = new OrderAdmission(
      { ...LIMITS, maxInFlight: 0, retryAfterSpreadSeconds: 2 },
      undefined,
      { refused: (_, retryAfterSeconds) => heard.push(retryAfterSeconds) },
      () => draws.shift() ?? 0,
    );
    const waits = [1, 2, 3, 4].map(
      () => refusalOf(() => admission.admit('cus_a')).retryAfterSeconds,
    );
    expect(waits).toEqual([4, 5, 5, 6]);
    // The observer hears what each caller was told.
    expect(heard).toEqual(waits);
  });

  it('ignores the checkout load when both its limits are 0', () => {
    const { admission, checkout } = admissionWithLoad({
      ...LIMITS,
      maxBacklogAgeMs: 0,
      maxActiveOrders: 0,
    });
    checkout.ageMs = 60_000;
    checkout.active = 1000;

    admission.admit('cus_a')();
    expect(checkout.posted).toBe(0);
  });

  it('goes by the one limit that is on', () => {
    const { admission, checkout } = admissionWithLoad({ ...LIMITS, maxActiveOrders: 0 });
    checkout.active = 1000;
    admission.admit('cus_a')();
    checkout.ageMs = 2000;
    expect(refusalOf(() => admission.admit('cus_a')).message).toContain('behind');
  });

  it('refuses over the in-flight limits, overall and per customer, until a slot is given back', () => {
    const { admission, refusals } = admissionWithLoad();
    const first = admission.admit('cus_a');
    admission.admit('cus_a');
    refusalOf(() => admission.admit('cus_a'));
    admission.admit('cus_b');
    refusalOf(() => admission.admit('cus_c'));
    expect(refusals).toEqual(['customer', 'overall']);

    first();
    first();
    expect(admission.load('cus_a')).toEqual({ inFlight: 2, customerInFlight: 1 });
    admission.admit('cus_c');
  });
});
