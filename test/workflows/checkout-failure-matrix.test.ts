import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { cancelOrderUpdate } from '../../workflows/checkout/messages.js';
import type { OrderStatus } from '../../workflows/checkout/order.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { orderStateContract } from '../support/order-state-contract.js';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
import { FakeParticipants, type ActivityName } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { atStep, waitForState } from './support/wait-for.js';

/** The checkout's steps in order, with the compensation each one registers. */
const STEPS: {
  name: ActivityName;
  kind: 'compensatable' | 'pivot' | 'retriable';
  undo?: ActivityName;
}[] = [
  { name: 'reserveInventory', kind: 'compensatable', undo: 'releaseReservation' },
  { name: 'chargePayment', kind: 'compensatable', undo: 'refundPayment' },
  { name: 'scheduleShipping', kind: 'compensatable', undo: 'cancelShipment' },
  { name: 'confirmReservation', kind: 'pivot' },
  { name: 'sendConfirmation', kind: 'retriable' },
];

const REFUSAL_CODES: Partial<Record<ActivityName, string>> = {
  reserveInventory: 'INSUFFICIENT_STOCK',
  chargePayment: 'PAYMENT_DECLINED',
  scheduleShipping: 'ADDRESS_UNDELIVERABLE',
  confirmReservation: 'RESERVATION_EXPIRED',
};

type Fault = 'business failure' | 'cancellation' | 'lost result';

interface Expectation {
  status: OrderStatus;
  /** Compensations in the order of the stack (most recent first). */
  compensations: ActivityName[];
  failureCode?: string;
}

/** Compensations of every step up to and including `index`, most recent first. */
function undoThrough(index: number): ActivityName[] {
  return STEPS.slice(0, index + 1)
    .flatMap((step) => (step.undo ? [step.undo] : []))
    .reverse();
}

function expectationFor(index: number, fault: Fault): Expectation {
  const step = STEPS[index];
  if (!step) throw new Error(`no step ${index}`);
  const beforePivot = step.kind === 'compensatable';
  switch (fault) {
    case 'business failure':
      if (step.kind === 'retriable') return { status: 'COMPLETED', compensations: [] };
      return {
        status: 'FAILED',
        compensations: undoThrough(index),
        failureCode: REFUSAL_CODES[step.name],
      };
    case 'cancellation':
      return beforePivot
        ? {
            status: 'CANCELLED',
            compensations: undoThrough(index),
            failureCode: 'CANCELLED_BY_CUSTOMER',
          }
        : { status: 'COMPLETED', compensations: [] };
    case 'lost result':
      // A compensatable step gives up when its time budget is spent and is undone although its
      // result never arrived; a pivot or retriable step retries until the participant answers.
      return beforePivot
        ? { status: 'FAILED', compensations: undoThrough(index), failureCode: 'TIMEOUT' }
        : { status: 'COMPLETED', compensations: [] };
  }
}

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

const FAULTS: Fault[] = ['business failure', 'cancellation', 'lost result'];
const CASES = STEPS.flatMap((step, index) =>
  FAULTS.map((fault) => ({ step: step.name, kind: step.kind, index, fault })),
);

describe('checkout failure matrix', () => {
  it.each(CASES)('$fault at $step ($kind)', async ({ step, index, fault }) => {
    const expected = expectationFor(index, fault);
    const participants = new FakeParticipants();
    if (fault === 'business failure') participants.inject(step, { kind: 'refuse' });
    if (fault === 'cancellation') participants.inject(step, { kind: 'block' });
    if (fault === 'lost result') {
      participants.inject(step, {
        kind: STEPS[index]?.kind === 'compensatable' ? 'lose-result' : 'lose-first-result',
      });
    }

    const state = await environment.withWorker(participants, async (start) => {
      // Each attempt that loses its result costs its 2 s timeout in real time (the test server
      // does not skip its clock while an activity runs): a short budget keeps the attempts few.
      const handle = await start(
        sampleOrder(fault === 'lost result' ? { stepTimeBudget: '10 seconds' } : {}),
      );
      if (fault === 'cancellation') {
        await waitForState(handle, atStep(step));
        const cancel = handle.executeUpdate(cancelOrderUpdate, {
          args: [{ reason: 'changed my mind' }],
        });
        if (expected.status === 'CANCELLED') {
          await expect(cancel).resolves.toBeDefined();
        } else {
          await expect(cancel).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
          participants.unblock();
        }
      }
      return handle.result();
    });

    expect(orderStateContract.parse(state)).toEqual(state);
    expect(state.status).toBe(expected.status);
    expect(state.compensations.map((c) => c.name)).toEqual(expected.compensations);
    expect(state.compensations.every((c) => c.status === 'COMPLETED')).toBe(true);
    // Independent compensations run concurrently; releasing the stock waits for the shipment's.
    const calls = participants.compensationCalls();
    expect([...calls].sort()).toEqual([...expected.compensations].sort());
    if (calls.includes('cancelShipment')) {
      expect(calls.indexOf('releaseReservation')).toBeGreaterThan(calls.indexOf('cancelShipment'));
    }
    expect(state.failure?.code).toBe(expected.failureCode);
    if (expected.status === 'COMPLETED') {
      expect(participants.ledger).toMatchObject({ reservation: 'CONFIRMED', charge: 'SUCCEEDED' });
      expect(stepStatus(state, 'confirmReservation')).toBe('COMPLETED');
    } else {
      expect(participants.isRolledBack()).toBe(true);
      expect(state.failure?.step).toBe(step);
    }
  });
});

function stepStatus(state: OrderState, name: string): string | undefined {
  return state.steps.find((s) => s.name === name)?.status;
}
