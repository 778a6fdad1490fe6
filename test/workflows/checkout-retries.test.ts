import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
import { FakeParticipants } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

describe('retries', () => {
  it('keeps retrying a failing compensation until it succeeds, and records each failure', async () => {
    const participants = new FakeParticipants()
      .inject('scheduleShipping', { kind: 'refuse' })
      .inject('refundPayment', { kind: 'fail-transiently', times: 4 });

    const state = await environment.withWorker(participants, async (start) =>
      (await start(sampleOrder())).result(),
    );

    expect(state.status).toBe('FAILED');
    expect(participants.isRolledBack()).toBe(true);
    const refund = state.compensations.find((c) => c.name === 'refundPayment');
    expect(refund).toMatchObject({ status: 'COMPLETED', attempts: 5 });
    expect(refund?.errors.map((e) => e.attempt)).toEqual([1, 2, 3, 4]);
    expect(refund?.errors[0]?.message).toBe('refundPayment unavailable');
    // Exponential backoff between attempts (1 s, 2 s, 4 s of workflow time), plus the attempt itself.
    const failedAt = refund?.errors.map((e) => Date.parse(e.at)) ?? [];
    const gaps = failedAt.slice(1).map((at, i) => at - (failedAt[i] ?? 0));
    [1000, 2000, 4000].forEach((backoff, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(backoff);
      expect(gaps[i]).toBeLessThan(backoff * 2);
    });
    expect(state.compensations.map((c) => c.name)).toEqual([
      'cancelShipment',
      'refundPayment',
      'releaseReservation',
    ]);
  });

  it('retries a transient step failure and goes on', async () => {
    const participants = new FakeParticipants().inject('chargePayment', {
      kind: 'fail-transiently',
      times: 2,
    });

    const state = await environment.withWorker(participants, async (start) =>
      (await start(sampleOrder())).result(),
    );

    expect(state.status).toBe('COMPLETED');
    const charge = state.steps.find((s) => s.name === 'chargePayment');
    expect(charge).toMatchObject({ status: 'COMPLETED', attempts: 3 });
    expect(charge?.errors).toHaveLength(2);
    expect(state.compensations).toEqual([]);
  });

  it('gives a step up after its attempts and unwinds', async () => {
    const participants = new FakeParticipants().inject('scheduleShipping', {
      kind: 'fail-transiently',
      times: 100,
    });

    const state = await environment.withWorker(participants, async (start) =>
      (await start(sampleOrder())).result(),
    );

    expect(state.status).toBe('FAILED');
    expect(state.steps.find((s) => s.name === 'scheduleShipping')).toMatchObject({
      status: 'FAILED',
      attempts: 5,
    });
    expect(participants.calls.filter((call) => call === 'scheduleShipping')).toHaveLength(5);
    expect(participants.isRolledBack()).toBe(true);
  });
});
