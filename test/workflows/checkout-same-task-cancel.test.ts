import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
import { FakeParticipants, type ActivityName } from './support/fake-participants.js';
import {
  cancelInTheSameTaskAsCompletion,
  InterleavingNotReached,
} from './support/same-task-cancel.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  // The step is held while one workflow worker stops and before another starts: give its attempt
  // the production timeout, so that it does not time out meanwhile.
  environment = await CheckoutTestEnvironment.create({ shortTimeouts: false });
});

afterAll(async () => {
  await environment.teardown();
});

describe('a cancel that was accepted always wins, also after a worker restart', () => {
  it.each<ActivityName>(['scheduleShipping'])(
    'honours a cancel delivered in the same workflow task as the result of %s',
    async (step) => {
      const { participants, handle, result } = await reachInterleaving(step);

      expect(result.status).toBe('CANCELLED');
      expect(result.failure?.code).toBe('CANCELLED_BY_CUSTOMER');
      expect(participants.calls).not.toContain('confirmReservation');
      expect(participants.isRolledBack()).toBe(true);

      // The step's result and the update arrived together: one workflow task handled both.
      const events = (await handle.fetchHistory()).events ?? [];
      const kinds = events.map((e) => {
        if (e.workflowExecutionUpdateAcceptedEventAttributes) return 'update accepted';
        if (e.activityTaskCompletedEventAttributes) return 'activity completed';
        if (e.workflowTaskCompletedEventAttributes) return 'workflow task completed';
        return 'other';
      });
      const accepted = kinds.indexOf('update accepted');
      const completed = kinds.slice(0, accepted).lastIndexOf('activity completed');
      const tasksBetween = kinds
        .slice(completed, accepted)
        .filter((kind) => kind === 'workflow task completed');
      expect(completed).toBeGreaterThan(0);
      expect(accepted).toBeGreaterThan(completed);
      expect(tasksBetween).toHaveLength(1);
    },
    // A restart that misses the interleaving costs about 40 s before the next try.
    180_000,
  );
});

/** Sets the interleaving up, again on a fresh order should the restart not reach it (rare). */
async function reachInterleaving(step: ActivityName) {
  for (let attempt = 1; ; attempt += 1) {
    const participants = new FakeParticipants();
    try {
      return {
        participants,
        ...(await cancelInTheSameTaskAsCompletion(environment, participants, step)),
      };
    } catch (error) {
      if (!(error instanceof InterleavingNotReached) || attempt === 3) throw error;
    }
  }
}
