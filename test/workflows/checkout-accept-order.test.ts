import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WithStartWorkflowOperation, WorkflowUpdateStage } from '@temporalio/client';
import { checkout } from '../../workflows/index.js';
import { acceptOrderUpdate, cancelOrderUpdate } from '../../workflows/checkout/messages.js';
import type { CheckoutInput } from '../../workflows/checkout/order.js';
import { orderStateContract } from '../support/order-state-contract.js';
import { CheckoutTestEnvironment, startOptions } from './support/checkout-test-environment.js';
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

/** As the API places an order: start the workflow and ask for its acceptance in one call. */
function placeOrder(taskQueue: string, input: CheckoutInput) {
  const startWorkflowOperation = new WithStartWorkflowOperation(checkout, {
    ...startOptions(taskQueue, input),
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return { startWorkflowOperation, client: environment.env.client.workflow };
}

describe('the acceptOrder update, sent with the workflow start', () => {
  it('answers the priced order once the reservation holds, while the charge still runs', async () => {
    const participants = new FakeParticipants().inject('chargePayment', { kind: 'block' });
    await environment.withWorker(participants, async (_start, taskQueue) => {
      const order = sampleOrder();
      const { startWorkflowOperation, client } = placeOrder(taskQueue, order);
      const accepted = await client.executeUpdateWithStart(acceptOrderUpdate, {
        startWorkflowOperation,
      });

      expect(orderStateContract.parse(accepted)).toEqual(accepted);
      expect(accepted).toMatchObject({
        orderId: order.orderId,
        status: 'CHARGING_PAYMENT',
        total: { amount: 3000, currency: 'USD' },
      });
      expect(accepted.items.every((item) => 'unitPrice' in item)).toBe(true);

      participants.unblock();
      const handle = await startWorkflowOperation.workflowHandle();
      expect((await handle.result()).status).toBe('COMPLETED');
    });
  });

  it('answers FAILED when the stock is short, after the rollback', async () => {
    const participants = new FakeParticipants().inject('reserveInventory', { kind: 'refuse' });
    await environment.withWorker(participants, async (_start, taskQueue) => {
      const { startWorkflowOperation, client } = placeOrder(taskQueue, sampleOrder());
      const accepted = await client.executeUpdateWithStart(acceptOrderUpdate, {
        startWorkflowOperation,
      });

      expect(accepted.status).toBe('FAILED');
      expect(accepted.total).toBeUndefined();
      expect(accepted.failure).toMatchObject({
        step: 'reserveInventory',
        code: 'INSUFFICIENT_STOCK',
      });
    });
  });

  it('waits while the reservation is in flight, and answers CANCELLED for an order cancelled then', async () => {
    const participants = new FakeParticipants().inject('reserveInventory', { kind: 'block' });
    await environment.withWorker(participants, async (_start, taskQueue) => {
      const { startWorkflowOperation, client } = placeOrder(taskQueue, sampleOrder());
      const update = await client.startUpdateWithStart(acceptOrderUpdate, {
        startWorkflowOperation,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      const handle = await startWorkflowOperation.workflowHandle();
      await waitForState(handle, atStep('reserveInventory'));
      const unanswered = Symbol('unanswered');
      const early = await Promise.race([
        update.result(),
        new Promise((resolve) => {
          setTimeout(() => {
            resolve(unanswered);
          }, 300);
        }),
      ]);
      expect(early).toBe(unanswered);

      await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] });
      const accepted = await update.result();
      expect(accepted.status).toBe('CANCELLED');
      expect(participants.isRolledBack()).toBe(true);
    });
  });

  it('answers a repeat of the same placement from the order already running', async () => {
    const participants = new FakeParticipants().inject('scheduleShipping', { kind: 'block' });
    await environment.withWorker(participants, async (_start, taskQueue) => {
      const order = sampleOrder();
      const first = placeOrder(taskQueue, order);
      const accepted = await first.client.executeUpdateWithStart(acceptOrderUpdate, {
        startWorkflowOperation: first.startWorkflowOperation,
      });
      const handle = await first.startWorkflowOperation.workflowHandle();
      await waitForState(handle, atStep('scheduleShipping'));

      const again = placeOrder(taskQueue, order);
      const repeated = await again.client.executeUpdateWithStart(acceptOrderUpdate, {
        startWorkflowOperation: again.startWorkflowOperation,
      });
      const repeatedHandle = await again.startWorkflowOperation.workflowHandle();
      expect((await repeatedHandle.describe()).runId).toBe((await handle.describe()).runId);
      expect(repeated).toMatchObject({ status: 'SCHEDULING_SHIPPING', total: accepted.total });

      participants.unblock();
      expect((await handle.result()).status).toBe('COMPLETED');
    });
  });
});
