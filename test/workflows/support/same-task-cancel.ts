import { randomUUID } from 'node:crypto';
import { cancelOrderUpdate } from '../../../workflows/checkout/messages.js';
import type { OrderState } from '../../../workflows/checkout/order-state.js';
import type { CheckoutHandle, CheckoutTestEnvironment } from './checkout-test-environment.js';
import type { ActivityName, FakeParticipants } from './fake-participants.js';
import { sampleOrder } from './sample-order.js';
import { atStep, waitForState } from './wait-for.js';

/** The restart did not bring the step's result and the cancel together: the setup, not the workflow. */
export class InterleavingNotReached extends Error {
  override readonly name = 'InterleavingNotReached';
}

export interface SameTaskOutcome {
  handle: CheckoutHandle;
  cancelAccepted: Promise<OrderState>;
  result: OrderState;
}

/**
 * A worker restart that makes a step's result and a cancel reach the workflow in one workflow
 * task: the workflow worker stops while `step` (held) is in flight, the step then completes, the
 * cancel is sent, and only then does a new workflow worker pick the order up. The held attempt
 * must answer within its start-to-close timeout: use an environment without short timeouts.
 */
export async function cancelInTheSameTaskAsCompletion(
  environment: CheckoutTestEnvironment,
  participants: FakeParticipants,
  step: ActivityName,
): Promise<SameTaskOutcome> {
  participants.inject(step, { kind: 'hold' });
  const taskQueue = `checkout-${randomUUID()}`;
  const activities = await environment.activityWorker(participants, taskQueue);
  return activities.runUntil(async () => {
    const firstWorker = await environment.workflowWorker(taskQueue, participants);
    const handle = await firstWorker.runUntil(async () => {
      // Should the held attempt time out while the workers change, a retry answers instead.
      const started = await environment.start(taskQueue, sampleOrder({ stepTimeBudget: '1 hour' }));
      await waitForState(started, atStep(step));
      // The workflow shows the step running once it has scheduled it; the participant must hold
      // the call before the workflow worker stops, or the restart races the activity's dispatch.
      await until(() => Promise.resolve(participants.callsOf(step) > 0));
      return started;
    });
    const completedBefore = await completedActivities(handle);
    participants.unblock();
    // Now and then the test server does not record the held step's completion while no workflow
    // worker runs; the caller then sets the interleaving up again.
    await until(async () => (await completedActivities(handle)) > completedBefore).catch(() => {
      throw new InterleavingNotReached(`the held ${step} never completed`);
    });
    const cancelAccepted = handle.executeUpdate(cancelOrderUpdate, {
      args: [{ reason: 'cancelled as the step completed' }],
    });
    // Lets the server admit the update before a worker asks for the next workflow task.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const secondWorker = await environment.workflowWorker(taskQueue, participants);
    const result = await secondWorker.runUntil(async () => {
      await cancelAccepted;
      return handle.result();
    });
    return { handle, cancelAccepted, result };
  });
}

async function completedActivities(handle: CheckoutHandle): Promise<number> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).filter((e) => e.activityTaskCompletedEventAttributes).length;
}

async function until(predicate: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('the awaited event never came');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
