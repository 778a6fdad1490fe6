import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  resolveCompensationUpdate,
  retryCompensationUpdate,
} from '../../workflows/checkout/messages.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { COMPENSATION_STUCK } from '../../workflows/checkout/search-attributes.js';
import { orderStateContract } from '../support/order-state-contract.js';
import {
  CheckoutTestEnvironment,
  type CheckoutHandle,
} from './support/checkout-test-environment.js';
import { FakeParticipants } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { waitForState } from './support/wait-for.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

const OPERATOR = { by: 'ops_1', reason: 'carrier confirmed the parcel was stopped' };

function compensation(state: OrderState, name: string) {
  return state.compensations.find((c) => c.name === name);
}

const running = (name: string) => (state: OrderState) =>
  compensation(state, name)?.status === 'RUNNING';

async function stuckAttribute(handle: CheckoutHandle) {
  return (await handle.describe()).typedSearchAttributes.get(COMPENSATION_STUCK);
}

/** The pivot is refused, so the order unwinds all three steps; cancelShipment's participant is down. */
function shippingDownDuringRollback() {
  return new FakeParticipants()
    .inject('confirmReservation', { kind: 'refuse' })
    .inject('cancelShipment', { kind: 'down', retryAfter: '1 hour' });
}

describe('stuck compensations', () => {
  it('flags a compensation unfinished after 15 minutes, and an operator retry runs it now', async () => {
    const participants = shippingDownDuringRollback();
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      await waitForState(handle, running('cancelShipment'));
      await environment.env.sleep('14 minutes');
      expect(compensation(await waitForState(handle, () => true), 'cancelShipment')?.stuck).toBe(
        undefined,
      );

      await environment.env.sleep('2 minutes');
      const stuck = await waitForState(
        handle,
        (s) => compensation(s, 'cancelShipment')?.stuck === true,
      );
      expect(orderStateContract.parse(stuck)).toEqual(stuck);
      expect(stuck.status).toBe('COMPENSATING');
      // The refund does not wait for the shipment; releasing the stock does.
      expect(compensation(stuck, 'refundPayment')?.status).toBe('COMPLETED');
      expect(compensation(stuck, 'releaseReservation')?.status).toBe('PENDING');
      expect(await stuckAttribute(handle)).toBe(true);

      participants.restore('cancelShipment');
      const afterRetry = await handle.executeUpdate(retryCompensationUpdate, {
        args: [{ compensation: 'cancelShipment', ...OPERATOR }],
      });
      expect(afterRetry.audit).toEqual([
        { action: 'retry', compensation: 'cancelShipment', ...OPERATOR, at: expect.any(String) },
      ]);

      const final = await handle.result();
      const cancelShipment = compensation(final, 'cancelShipment');
      expect(cancelShipment).toMatchObject({ status: 'COMPLETED', attempts: 2 });
      expect(cancelShipment?.stuck).toBeUndefined();
      // Without the retry the next attempt would have come up to an hour later.
      const retriedAt = Date.parse(final.audit?.[0]?.at ?? '');
      expect(Date.parse(cancelShipment?.finishedAt ?? '') - retriedAt).toBeLessThan(60_000);
      expect(final.status).toBe('FAILED');
      expect(participants.isRolledBack()).toBe(true);
      expect(await stuckAttribute(handle)).toBe(false);
    });
  });

  it('an operator resolves a stuck compensation by hand and the unwinding goes on', async () => {
    const participants = shippingDownDuringRollback();
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder({ compensationStuckAfter: '5 minutes' }));
      await waitForState(handle, running('cancelShipment'));
      await environment.env.sleep('6 minutes');
      await waitForState(handle, (s) => compensation(s, 'cancelShipment')?.stuck === true);

      await handle.executeUpdate(resolveCompensationUpdate, {
        args: [{ compensation: 'cancelShipment', ...OPERATOR }],
      });
      const final = await handle.result();

      expect(orderStateContract.parse(final)).toEqual(final);
      expect(final.status).toBe('FAILED');
      expect(compensation(final, 'cancelShipment')?.status).toBe('RESOLVED_MANUALLY');
      expect(compensation(final, 'releaseReservation')?.status).toBe('COMPLETED');
      expect(final.audit).toEqual([
        { action: 'resolve', compensation: 'cancelShipment', ...OPERATOR, at: expect.any(String) },
      ]);
      // Undone by hand outside the system: the checkout itself never cancelled the shipment.
      expect(participants.ledger).toMatchObject({
        shipment: 'SCHEDULED',
        reservation: 'RELEASED',
        charge: 'REFUNDED',
      });
      expect(await stuckAttribute(handle)).toBe(false);
      const history = JSON.stringify(await handle.fetchHistory());
      expect(history).toContain('resolveCompensation');
    });
  });

  it('refuses operator actions on a compensation that is not failing', async () => {
    const participants = shippingDownDuringRollback();
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const state = await waitForState(
        handle,
        (s) =>
          running('cancelShipment')(s) && compensation(s, 'refundPayment')?.status === 'COMPLETED',
      );
      expect(state.status).toBe('COMPENSATING');
      const act = (name: string, update = retryCompensationUpdate) =>
        handle.executeUpdate(update, { args: [{ compensation: name, ...OPERATOR }] });

      await expect(act('refundPayment')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(act('noSuchCompensation')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(act('releaseReservation', resolveCompensationUpdate)).rejects.toBeInstanceOf(
        WorkflowUpdateFailedError,
      );
      // Just started: no attempt of it has failed yet.
      await expect(act('cancelShipment')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

      await environment.env.sleep('1 minute');
      participants.restore('cancelShipment');
      await expect(act('cancelShipment')).resolves.toBeDefined();
      expect((await handle.result()).status).toBe('FAILED');
    });
  });

  it('retries a compensation its participant refused, and shows the refusal meanwhile', async () => {
    const participants = new FakeParticipants()
      .inject('scheduleShipping', { kind: 'refuse' })
      .inject('refundPayment', { kind: 'refuse' });
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const retrying = await waitForState(
        handle,
        (s) => compensation(s, 'refundPayment')?.status === 'RETRYING',
      );
      const refund = compensation(retrying, 'refundPayment');
      expect(refund?.lastError).toBe('ParticipantRefused: refundPayment refused');
      expect(refund?.nextAttemptAt).toBeDefined();

      participants.restore('refundPayment');
      const final = await handle.result();
      expect(final.status).toBe('FAILED');
      expect(compensation(final, 'refundPayment')).toMatchObject({
        status: 'COMPLETED',
        attempts: 2,
      });
      expect(participants.isRolledBack()).toBe(true);
    });
  });
});
