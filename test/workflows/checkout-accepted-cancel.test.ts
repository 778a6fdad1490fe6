import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cancelOrderUpdate } from '../../workflows/checkout/messages.js';
import { orderStateContract } from '../support/order-state-contract.js';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
import { FakeParticipants, type ActivityName } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { atStep, waitForState } from './support/wait-for.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

const COMPENSATABLE: ActivityName[] = ['reserveInventory', 'chargePayment', 'scheduleShipping'];

describe('a cancel that was accepted always wins', () => {
  it.each(COMPENSATABLE)(
    'cancelled while %s is in flight and the step then succeeds: CANCELLED, everything undone, no pivot',
    async (step) => {
      const participants = new FakeParticipants().inject(step, { kind: 'hold' });
      const state = await environment.withWorker(participants, async (start) => {
        const handle = await start(sampleOrder());
        await waitForState(handle, atStep(step));
        await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] });
        // The participant call was already under way: it completes although the order was cancelled.
        participants.unblock();
        return handle.result();
      });

      expect(orderStateContract.parse(state)).toEqual(state);
      expect(state.status).toBe('CANCELLED');
      expect(state.failure).toMatchObject({ step, code: 'CANCELLED_BY_CUSTOMER' });
      expect(state.steps.find((s) => s.name === step)?.status).toBe('COMPLETED');
      expect(state.steps.map((s) => s.name)).not.toContain('confirmReservation');
      expect(participants.calls).not.toContain('confirmReservation');
      expect(participants.isRolledBack()).toBe(true);
      expect(state.compensations.every((c) => c.status === 'COMPLETED')).toBe(true);
    },
  );
});
