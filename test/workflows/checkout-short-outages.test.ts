import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
import { FakeParticipants, type ActivityName } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { atStep, resultsOneByOne, untilClosed, waitForState } from './support/wait-for.js';

// A test server of its own: the long outages skip its clock by weeks, and these orders must start
// on a clock that has not moved.
let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

const stepDone = (name: string) => (state: OrderState) =>
  state.steps.some((s) => s.name === name && s.status === 'COMPLETED');

describe('a participant outage shorter than the step budget', () => {
  it.each<ActivityName>(['reserveInventory', 'chargePayment', 'scheduleShipping'])(
    'orders placed while %s is down for 60 s complete',
    async (step) => {
      const participants = new FakeParticipants().inject(step, { kind: 'down' });
      await environment.withWorker(participants, async (start) => {
        const handles = await Promise.all([1, 2].map(() => start(sampleOrder())));
        for (const handle of handles) await waitForState(handle, atStep(step));
        const outageStarted = await environment.env.currentTimeMs();
        await environment.env.sleep('60 seconds');
        participants.restore(step);
        // Let the attempt in flight answer before skipping time: a skip while an attempt is still
        // queued for the worker would time it out, again and again, faster than it runs.
        for (const handle of handles) await waitForState(handle, stepDone(step), 90_000);
        // The rest runs in real time: no step waits on the clock any more.
        for (const handle of handles) await untilClosed(handle);

        const states = await resultsOneByOne(handles);
        for (const state of states) {
          expect(state.status).toBe('COMPLETED');
          const record = state.steps.find((s) => s.name === step);
          expect(record?.status).toBe('COMPLETED');
          expect(Date.parse(record?.finishedAt ?? '')).toBeGreaterThanOrEqual(
            outageStarted + 60_000,
          );
        }
        expect(participants.callsOf(step)).toBeGreaterThan(2 * 5);
      });
    },
    180_000,
  );
});
