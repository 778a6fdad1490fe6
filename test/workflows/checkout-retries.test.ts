import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CheckoutTestEnvironment,
  type CheckoutHandle,
} from './support/checkout-test-environment.js';
import { FakeParticipants } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

/** What the history holds: a retry on the server adds no timer and no second schedule. */
async function historyFacts(handle: CheckoutHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    timers: events.filter((e) => e.timerStartedEventAttributes).length,
    scheduled: events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityId ?? []),
  };
}

describe('retries on the Temporal server', () => {
  it('retries a failing compensation until it succeeds, without a history event per attempt', async () => {
    const participants = new FakeParticipants()
      .inject('scheduleShipping', { kind: 'refuse' })
      .inject('refundPayment', { kind: 'fail-transiently', times: 4 });

    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const state = await handle.result();

      expect(state.status).toBe('FAILED');
      expect(participants.isRolledBack()).toBe(true);
      expect(participants.callsOf('refundPayment')).toBe(5);
      const refund = state.compensations.find((c) => c.name === 'refundPayment');
      expect(refund).toMatchObject({ status: 'COMPLETED', attempts: 1 });
      const { timers, scheduled } = await historyFacts(handle);
      // The only timers watch for stuck compensations, one per compensation; none per attempt.
      expect(timers).toBe(state.compensations.length);
      expect(scheduled.filter((id) => id.startsWith('refundPayment'))).toEqual(['refundPayment-1']);
    });
  });

  it('retries a transient step failure and goes on', async () => {
    const participants = new FakeParticipants().inject('chargePayment', {
      kind: 'fail-transiently',
      times: 2,
    });

    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const state = await handle.result();

      expect(state.status).toBe('COMPLETED');
      expect(participants.callsOf('chargePayment')).toBe(3);
      expect(state.steps.find((s) => s.name === 'chargePayment')).toMatchObject({
        status: 'COMPLETED',
        attempts: 1,
      });
      expect(state.compensations).toEqual([]);
      // Each step scheduled once; the lifecycle events and the confirmation went out as local
      // activities.
      expect((await historyFacts(handle)).scheduled).toEqual([
        'reserveInventory-1',
        'chargePayment-1',
        'scheduleShipping-1',
        'confirmReservation-1',
      ]);
    });
  });

  it('fails a step whose participant stays down past its time budget, and unwinds', async () => {
    const participants = new FakeParticipants().inject('scheduleShipping', { kind: 'down' });

    const state = await environment.withWorker(participants, async (start) =>
      (await start(sampleOrder({ stepTimeBudget: '45 seconds' }))).result(),
    );

    expect(state.status).toBe('FAILED');
    const step = state.steps.find((s) => s.name === 'scheduleShipping');
    expect(step?.status).toBe('FAILED');
    const spent = Date.parse(step?.finishedAt ?? '') - Date.parse(step?.startedAt ?? '');
    // The server stops as soon as the next attempt would start past the budget.
    expect(spent).toBeGreaterThan(15_000);
    expect(spent).toBeLessThanOrEqual(45_000);
    expect(participants.callsOf('scheduleShipping')).toBeGreaterThan(3);
    expect(participants.isRolledBack()).toBe(true);
  });

  it('fails a business refusal at once, without retrying', async () => {
    const participants = new FakeParticipants().inject('chargePayment', { kind: 'refuse' });

    const state = await environment.withWorker(participants, async (start) =>
      (await start(sampleOrder())).result(),
    );

    expect(state.status).toBe('FAILED');
    expect(state.failure?.code).toBe('PAYMENT_DECLINED');
    expect(participants.callsOf('chargePayment')).toBe(1);
  });
});
