import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cancelOrderUpdate, confirmPaymentUpdate } from '../../workflows/checkout/messages.js';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
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

const awaitingConfirmation = (state: { status: string }) =>
  state.status === 'AWAITING_PAYMENT_CONFIRMATION';

describe('a charge that needs the customer to act', () => {
  it('completes once the customer confirms', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder({ paymentToken: 'tok_requiresAction' }));
      const waiting = await waitForState(handle, awaitingConfirmation);
      expect(waiting.paymentConfirmationDeadline).toBeDefined();
      await handle.executeUpdate(confirmPaymentUpdate);
      return handle.result();
    });

    expect(state.status).toBe('COMPLETED');
    expect(state.paymentConfirmationDeadline).toBeUndefined();
    expect(participants.calls).toContain('confirmPayment');
    expect(participants.ledger).toMatchObject({ charge: 'SUCCEEDED', reservation: 'CONFIRMED' });
  });

  it('fails and rolls back when the deadline passes, without waiting ten minutes', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    const startedAt = performance.now();
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder({ paymentToken: 'tok_requiresAction' }));
      return handle.result();
    });
    console.log(
      `10-minute confirmation deadline elapsed in ${Math.round(performance.now() - startedAt)} ms of wall time`,
    );

    expect(state.status).toBe('FAILED');
    expect(state.failure).toMatchObject({
      step: 'chargePayment',
      code: 'PAYMENT_CONFIRMATION_TIMEOUT',
    });
    expect(state.compensations.map((c) => c.name)).toEqual(['refundPayment', 'releaseReservation']);
    expect(participants.ledger).toMatchObject({ charge: 'CANCELED', reservation: 'RELEASED' });
    expect(participants.calls).not.toContain('confirmPayment');
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
      const deadline = Date.parse(waiting.paymentConfirmationDeadline ?? '');
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
      const handle = await start(sampleOrder({ paymentToken: 'tok_requiresAction' }));
      await waitForState(handle, awaitingConfirmation);
      await handle.executeUpdate(cancelOrderUpdate, { args: [{}] });
      return handle.result();
    });

    expect(state.status).toBe('CANCELLED');
    expect(state.failure).toMatchObject({ step: 'chargePayment', code: 'CANCELLED_BY_CUSTOMER' });
    expect(participants.ledger).toMatchObject({ charge: 'CANCELED', reservation: 'RELEASED' });
  });

  it('rolls back when the card is declined after the customer confirmed', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION').inject('confirmPayment', {
      kind: 'refuse',
    });
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder({ paymentToken: 'tok_requiresAction' }));
      await waitForState(handle, awaitingConfirmation);
      await handle.executeUpdate(confirmPaymentUpdate);
      return handle.result();
    });

    expect(state.status).toBe('FAILED');
    expect(state.failure).toMatchObject({ step: 'chargePayment', code: 'PAYMENT_DECLINED' });
    expect(participants.isRolledBack()).toBe(true);
  });

  it('refuses a confirmation that nothing awaits, and a second one', async () => {
    const participants = new FakeParticipants('REQUIRES_ACTION');
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder({ paymentToken: 'tok_requiresAction' }));
      await waitForState(handle, awaitingConfirmation);
      await handle.executeUpdate(confirmPaymentUpdate);
      await expect(handle.executeUpdate(confirmPaymentUpdate)).rejects.toBeInstanceOf(
        WorkflowUpdateFailedError,
      );
      await handle.result();
    });

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
