// Workers with tracing on run the workflows with the SDK's tracing interceptors, workers without it
// run the plain bundle, and a run may move from one to the other (a restart, a rolling deploy).
// Histories written by a traced worker replay on the plain bundle; the other way round is in
// test/e2e/trace-replay.test.ts.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { cancelOrderUpdate } from '../../workflows/checkout/messages.js';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
import { FakeParticipants } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { atStep, waitForState } from './support/wait-for.js';

let traced: CheckoutTestEnvironment;
let plainBundle: WorkflowBundle;

beforeAll(async () => {
  traced = await CheckoutTestEnvironment.create({ traced: true });
  plainBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  });
});

afterAll(async () => {
  await traced.teardown();
});

describe('a history written with the tracing interceptors', () => {
  it.each([
    ['completed', () => new FakeParticipants(), 'COMPLETED'],
    [
      'failed at the payment, rolled back',
      () => new FakeParticipants().inject('chargePayment', { kind: 'refuse' }),
      'FAILED',
    ],
    [
      'cancelled while shipping is scheduled',
      () => new FakeParticipants().inject('scheduleShipping', { kind: 'block' }),
      'CANCELLED',
    ],
  ] as const)('replays on the plain bundle: %s', async (_name, participantsOf, status) => {
    const participants = participantsOf();
    const order = sampleOrder();
    const history = await traced.withWorker(participants, async (start) => {
      const handle = await start(order);
      if (status === 'CANCELLED') {
        await waitForState(handle, atStep('scheduleShipping'));
        await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] });
      }
      expect((await handle.result()).status).toBe(status);
      return handle.fetchHistory();
    });

    await expect(
      Worker.runReplayHistory({ workflowBundle: plainBundle }, history, `order-${order.orderId}`),
    ).resolves.toBeUndefined();
  });
});
