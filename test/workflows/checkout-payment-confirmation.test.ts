import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  cancelOrderUpdate,
  confirmPaymentUpdate,
  paymentEventSignal,
  type PaymentEvent,
} from '../../workflows/checkout/messages.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { orderStateContract } from '../support/order-state-contract.js';
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

const awaitingConfirmation = (state: OrderState) =>
  state.status === 'AWAITING_PAYMENT_CONFIRMATION';

const challengeOrder = () => sampleOrder({ paymentToken: 'tok_requiresAction' });

function webhook(handle: CheckoutHandle, type: PaymentEvent['type']) {
  const chargeId = `ch-${handle.workflowId.replace(/^order-/, '')}`;
  return handle.signal(paymentEventSignal, { eventId: `evt-${type}`, type, chargeId });
}

/** Waits until the workflow has read the charge `times` times. */
async function untilChargeRead(participants: FakeParticipants, times: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (participants.callsOf('getCharge') < times) {
    if (Date.now() > deadline) throw new Error('the workflow never read the charge');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('a charge that needs the card challenge', () => {
  it('shows where to pass the challenge, and completes on the webhook once the charge succeeded', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(challengeOrder());
      const waiting = await waitForState(handle, awaitingConfirmation);
      expect(orderStateContract.parse(waiting)).toEqual(waiting);
      expect(waiting.paymentAction?.url).toMatch(/\/charges\/ch-.+\/authenticate$/);
      expect(waiting.paymentAction?.expiresAt).toBe(waiting.paymentConfirmationDeadline);

      participants.authenticate('approve');
      await webhook(handle, 'charge.succeeded');
      return handle.result();
    });

    expect(state.status).toBe('COMPLETED');
    expect(state.paymentAction).toBeUndefined();
    expect(participants.calls).toContain('getCharge');
    expect(participants.calls).not.toContain('confirmPayment');
    expect(participants.ledger).toMatchObject({ charge: 'SUCCEEDED', reservation: 'CONFIRMED' });
  });

  it('completes on a re-check request when the webhook was missed', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(challengeOrder());
      await waitForState(handle, awaitingConfirmation);
      participants.authenticate('approve');
      await handle.executeUpdate(confirmPaymentUpdate);
      return handle.result();
    });

    expect(state.status).toBe('COMPLETED');
    expect(participants.ledger.charge).toBe('SUCCEEDED');
  });

  it('fails and rolls back when the customer fails the challenge', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(challengeOrder());
      await waitForState(handle, awaitingConfirmation);
      participants.authenticate('deny');
      await webhook(handle, 'charge.failed');
      return handle.result();
    });

    expect(state.status).toBe('FAILED');
    expect(state.failure).toMatchObject({ step: 'chargePayment', code: 'PAYMENT_DECLINED' });
    expect(participants.isRolledBack()).toBe(true);
    expect(participants.ledger.reservation).toBe('RELEASED');
  });

  it('ignores a webhook whose charge did not succeed: nothing moves until the deadline', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(challengeOrder());
      await waitForState(handle, awaitingConfirmation);
      await webhook(handle, 'charge.succeeded');
      await untilChargeRead(participants, 1);
      const after = await waitForState(handle, awaitingConfirmation);
      expect(after.paymentAction).toBeDefined();
      return handle.result();
    });

    expect(state.status).toBe('FAILED');
    expect(state.failure?.code).toBe('PAYMENT_CONFIRMATION_TIMEOUT');
    expect(participants.ledger).toMatchObject({ charge: 'CANCELED', reservation: 'RELEASED' });
    expect(participants.calls).not.toContain('scheduleShipping');
  });

  it('fails and rolls back when the deadline passes, without waiting ten minutes', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const state = await environment.withWorker(participants, async (start) =>
      (await start(challengeOrder())).result(),
    );

    expect(state.status).toBe('FAILED');
    expect(state.failure).toMatchObject({
      step: 'chargePayment',
      code: 'PAYMENT_CONFIRMATION_TIMEOUT',
    });
    expect(state.compensations.map((c) => c.name)).toEqual(['refundPayment', 'releaseReservation']);
    expect(participants.ledger).toMatchObject({ charge: 'CANCELED', reservation: 'RELEASED' });
  });

  it('honours a deadline given in the input', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    await environment.withWorker(participants, async (start) => {
      const handle = await start(
        sampleOrder({
          paymentToken: 'tok_requiresAction',
          paymentConfirmationTimeout: '90 seconds',
        }),
      );
      const waiting = await waitForState(handle, awaitingConfirmation);
      const chargeStep = waiting.steps.find((step) => step.name === 'chargePayment');
      const deadline = Date.parse(waiting.paymentAction?.expiresAt ?? '');
      const stepStarted = Date.parse(chargeStep?.startedAt ?? '');
      expect(deadline - stepStarted).toBeGreaterThanOrEqual(90_000);
      expect(deadline - stepStarted).toBeLessThan(100_000);
      const state = await handle.result();
      expect(state.failure?.message).toContain('90 seconds');
    });
  });

  it('rolls back when the customer cancels while the charge waits', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(challengeOrder());
      await waitForState(handle, awaitingConfirmation);
      await handle.executeUpdate(cancelOrderUpdate, { args: [{}] });
      return handle.result();
    });

    expect(state.status).toBe('CANCELLED');
    expect(state.failure).toMatchObject({ step: 'chargePayment', code: 'CANCELLED_BY_CUSTOMER' });
    expect(participants.ledger).toMatchObject({ charge: 'CANCELED', reservation: 'RELEASED' });
  });

  it('refuses a re-check when nothing awaits one', async () => {
    const reserving = new FakeParticipants().inject('reserveInventory', { kind: 'block' });
    await environment.withWorker(reserving, async (start) => {
      const handle = await start(sampleOrder());
      await waitForState(handle, atStep('reserveInventory'));
      await expect(handle.executeUpdate(confirmPaymentUpdate)).rejects.toBeInstanceOf(
        WorkflowUpdateFailedError,
      );
      reserving.unblock();
      expect((await handle.result()).status).toBe('COMPLETED');
    });
  });
});
