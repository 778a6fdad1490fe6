import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { COMPENSATION_STUCK } from '../../workflows/checkout/search-attributes.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import {
  CheckoutTestEnvironment,
  type CheckoutHandle,
} from './support/checkout-test-environment.js';
import { FakeParticipants } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { atStep, waitForState } from './support/wait-for.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

async function historyLength(handle: CheckoutHandle): Promise<number> {
  return (await handle.fetchHistory()).events?.length ?? 0;
}

/** The attempt the server is at for the activity a record names, from describe(). */
async function serverAttempt(handle: CheckoutHandle, activityId: string | undefined) {
  const { raw } = await handle.describe();
  return raw.pendingActivities?.find((p) => p.activityId === activityId)?.attempt ?? 0;
}

const running = (name: string) => (state: OrderState) =>
  state.compensations.some((c) => c.name === name && c.status === 'RUNNING');

// The outage answers every call with a 503 that asks for a retry in an hour: the server still
// retries it hundreds of times in 30 days, at a pace that keeps the test's wall time short.
const OUTAGE = { kind: 'down', retryAfter: '1 hour' } as const;

describe('an outage of any length ends well', () => {
  it('a refund whose participant is down for 30 days completes once it answers; the history stays small', async () => {
    const participants = new FakeParticipants()
      .inject('scheduleShipping', { kind: 'refuse' })
      .inject('refundPayment', OUTAGE);
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const compensating = await waitForState(handle, running('refundPayment'));
      const refund = compensating.compensations.find((c) => c.name === 'refundPayment');
      expect(refund?.activityId).toBe('refundPayment-1');

      await environment.env.sleep('30 days');

      const length = await historyLength(handle);
      console.log(`History after a 30-day refund outage: ${length} events`);
      expect(length).toBeLessThan(200);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect(await serverAttempt(handle, refund?.activityId)).toBeGreaterThan(500);
      const stuck = await waitForState(handle, running('refundPayment'));
      expect(stuck.compensations.find((c) => c.name === 'refundPayment')?.stuck).toBe(true);
      // The refund holds back nothing else: the shipment and the reservation are already undone.
      expect(
        stuck.compensations.filter((c) => c.status === 'COMPLETED').map((c) => c.name),
      ).toEqual(['cancelShipment', 'releaseReservation']);
      expect((await handle.describe()).typedSearchAttributes.get(COMPENSATION_STUCK)).toBe(true);

      participants.restore('refundPayment');
      const final = await handle.result();
      expect(final.status).toBe('FAILED');
      expect(final.compensations.every((c) => c.status === 'COMPLETED' && !c.stuck)).toBe(true);
      expect(participants.isRolledBack()).toBe(true);
      expect((await handle.describe()).typedSearchAttributes.get(COMPENSATION_STUCK)).toBe(false);
    });
  });

  it('the pivot outlasts a 7-day inventory outage and the order completes', async () => {
    const participants = new FakeParticipants().inject('confirmReservation', OUTAGE);
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const confirming = await waitForState(handle, atStep('confirmReservation'));
      const pivot = confirming.steps.find((s) => s.name === 'confirmReservation');

      await environment.env.sleep('7 days');

      const length = await historyLength(handle);
      console.log(`History after a 7-day outage at the pivot: ${length} events`);
      expect(length).toBeLessThan(200);
      expect(await serverAttempt(handle, pivot?.activityId)).toBeGreaterThan(100);
      expect((await handle.describe()).status.name).toBe('RUNNING');

      participants.restore('confirmReservation');
      const final = await handle.result();
      expect(final.status).toBe('COMPLETED');
      expect(participants.ledger).toMatchObject({ reservation: 'CONFIRMED', charge: 'SUCCEEDED' });
    });
  });

  it('the confirmation outlasts a 7-day notification outage: one try in the worker, then the server retries', async () => {
    const participants = new FakeParticipants().inject('sendConfirmation', OUTAGE);
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const confirming = await waitForState(handle, (state) =>
        state.steps.some((s) => s.name === 'sendConfirmation' && s.activityId !== undefined),
      );
      const step = confirming.steps.find((s) => s.name === 'sendConfirmation');
      expect(confirming.status).toBe('COMPLETED');

      await environment.env.sleep('7 days');

      const length = await historyLength(handle);
      console.log(`History after a 7-day notification outage: ${length} events`);
      expect(length).toBeLessThan(200);
      expect(await serverAttempt(handle, step?.activityId)).toBeGreaterThan(100);
      expect((await handle.describe()).status.name).toBe('RUNNING');

      participants.restore('sendConfirmation');
      const final = await handle.result();
      expect(final.steps.find((s) => s.name === 'sendConfirmation')?.status).toBe('COMPLETED');
      expect(participants.ledger.notified).toBe(true);
    });
  });
});
