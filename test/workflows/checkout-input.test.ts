import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
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

describe('the checkout input', () => {
  it('is refused, touching nothing, when its orderId is not the one in the workflow id', async () => {
    const participants = new FakeParticipants();
    const taskQueue = `checkout-${randomUUID()}`;
    const worker = await environment.workflowWorker(taskQueue, participants);
    const activities = await environment.activityWorker(participants, taskQueue);
    const outcome = await activities.runUntil(
      worker.runUntil(async () => {
        const handle = await environment.start(taskQueue, sampleOrder(), 'order-someone-else');
        return handle.result().catch((error: unknown) => error);
      }),
    );

    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    const cause = (outcome as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'InvalidCheckoutInput', nonRetryable: true });
    expect(cause?.message).toContain('order-someone-else');
    expect(participants.calls).toEqual([]);
  });
});
