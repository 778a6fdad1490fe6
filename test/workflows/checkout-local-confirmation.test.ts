import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { temporal } from '@temporalio/proto';
import {
  CheckoutTestEnvironment,
  type CheckoutHandle,
} from './support/checkout-test-environment.js';
import { FakeParticipants } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

async function historyOf(handle: CheckoutHandle): Promise<HistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

const scheduledIds = (events: HistoryEvent[]) =>
  events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityId ?? []);

/** The workflow tasks completed after the last activity completed, the close's included. */
function tasksAfterLastActivity(events: HistoryEvent[]): number {
  const lastActivity = events.findLastIndex((e) => e.activityTaskCompletedEventAttributes);
  return events.slice(lastActivity).filter((e) => e.workflowTaskCompletedEventAttributes).length;
}

describe('the confirmation is tried in the worker first', () => {
  it('closes the order in the workflow task that learns the pivot succeeded', async () => {
    const participants = new FakeParticipants();
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const state = await handle.result();

      expect(state.status).toBe('COMPLETED');
      expect(participants.ledger.notified).toBe(true);
      expect(state.steps.find((s) => s.name === 'sendConfirmation')).toMatchObject({
        status: 'COMPLETED',
        attempts: 1,
      });
      const events = await historyOf(handle);
      expect(scheduledIds(events)).not.toContain('sendConfirmation-1');
      expect(scheduledIds(events).at(-1)).toBe('confirmReservation-1');
      expect(tasksAfterLastActivity(events)).toBe(1);
      expect(events.at(-1)?.workflowExecutionCompletedEventAttributes).toBeTruthy();
    });
  });

  it('leaves the confirmation to the scheduled activity when the attempt in the worker fails', async () => {
    const participants = new FakeParticipants().inject('sendConfirmation', {
      kind: 'fail-transiently',
      times: 1,
    });
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const state = await handle.result();

      expect(state.status).toBe('COMPLETED');
      expect(participants.callsOf('sendConfirmation')).toBe(2);
      expect(participants.ledger.notified).toBe(true);
      // The attempt in the worker counts: the scheduled activity is the second.
      expect(state.steps.find((s) => s.name === 'sendConfirmation')).toMatchObject({
        status: 'COMPLETED',
        attempts: 2,
      });
      expect(scheduledIds(await historyOf(handle)).at(-1)).toBe('sendConfirmation-2');
    });
  });

  it('does not retry a refused confirmation, and the order stands', async () => {
    const participants = new FakeParticipants().inject('sendConfirmation', { kind: 'refuse' });
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      const state = await handle.result();

      expect(state.status).toBe('COMPLETED');
      expect(participants.callsOf('sendConfirmation')).toBe(1);
      expect(state.steps.find((s) => s.name === 'sendConfirmation')).toMatchObject({
        status: 'FAILED',
        attempts: 1,
      });
      expect(scheduledIds(await historyOf(handle))).not.toContain('sendConfirmation-1');
    });
  });
});
