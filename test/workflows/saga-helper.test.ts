import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { heartbeat, sleep, Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { createTimeSkippingEnvironment } from '../support/temporal-env.js';
import {
  cancelSignal,
  type cancellable,
  type Misdeclaration,
  type misdeclared,
  type pastThePivot,
  type SagaFixtureActivities,
  type threeSteps,
} from './fixtures/saga-workflows.js';
import { installQuietRuntime } from '../support/quiet-runtime.js';

const workflowsPath = fileURLToPath(new URL('./fixtures/saga-workflows.ts', import.meta.url));

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  installQuietRuntime();
  env = await createTimeSkippingEnvironment();
  workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
});

afterAll(async () => {
  await env.teardown();
});

/** What the activities saw, in order: `start:<name>` and `end:<name>`. */
function recordingActivities(events: string[]): SagaFixtureActivities {
  return {
    async act(name, behaviour = 'ok') {
      events.push(`start:${name}`);
      if (behaviour === 'refuse')
        throw ApplicationFailure.nonRetryable(`${name} refused`, 'Refused');
      if (behaviour === 'block') {
        for (;;) {
          heartbeat();
          await Promise.race([sleep(20), Context.current().cancelled]);
        }
      }
      events.push(`end:${name}`);
      return name;
    },
    async undo(name) {
      events.push(`start:undo-${name}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      events.push(`end:undo-${name}`);
    },
  };
}

async function withWorker<T>(events: string[], run: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `saga-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: recordingActivities(events),
    defaultHeartbeatThrottleInterval: '20ms',
    maxHeartbeatThrottleInterval: '20ms',
  });
  return worker.runUntil(run(taskQueue));
}

function fresh(taskQueue: string) {
  return { taskQueue, workflowId: randomUUID() };
}

describe('the saga helper', () => {
  it('unwinds completed steps in reverse order, one at a time', async () => {
    const events: string[] = [];
    const timeline = await withWorker(events, async (taskQueue) =>
      (
        await env.client.workflow.start<typeof threeSteps>('threeSteps', {
          ...fresh(taskQueue),
          args: [{ failAt: 'c' }],
        })
      ).result(),
    );

    const undos = events.filter((e) => e.includes('undo'));
    expect(undos).toEqual([
      'start:undo-c',
      'end:undo-c',
      'start:undo-b',
      'end:undo-b',
      'start:undo-a',
      'end:undo-a',
    ]);
    expect(timeline.compensations.map((c) => [c.name, c.step, c.status])).toEqual([
      ['undo-c', 'c', 'COMPLETED'],
      ['undo-b', 'b', 'COMPLETED'],
      ['undo-a', 'a', 'COMPLETED'],
    ]);
  });

  it('runs the compensation of a step that failed: its effect may have happened', async () => {
    const events: string[] = [];
    const timeline = await withWorker(events, async (taskQueue) =>
      (
        await env.client.workflow.start<typeof threeSteps>('threeSteps', {
          ...fresh(taskQueue),
          args: [{ failAt: 'b' }],
        })
      ).result(),
    );

    expect(timeline.steps.map((s) => [s.name, s.status])).toEqual([
      ['a', 'COMPLETED'],
      ['b', 'FAILED'],
    ]);
    expect(timeline.compensations.map((c) => c.name)).toEqual(['undo-b', 'undo-a']);
    expect(timeline.steps[1]?.errors[0]).toMatchObject({ type: 'Refused', message: 'b refused' });
  });

  it('unwinds concurrently when asked to', async () => {
    const events: string[] = [];
    await withWorker(events, async (taskQueue) =>
      (
        await env.client.workflow.start<typeof threeSteps>('threeSteps', {
          ...fresh(taskQueue),
          args: [{ failAt: 'c', parallel: true }],
        })
      ).result(),
    );

    const undos = events.filter((e) => e.includes('undo'));
    expect(undos.slice(0, 3).sort()).toEqual(['start:undo-a', 'start:undo-b', 'start:undo-c']);
    expect(undos.slice(3).sort()).toEqual(['end:undo-a', 'end:undo-b', 'end:undo-c']);
  });

  it('cancels the running step on request and rolls back what was done', async () => {
    const events: string[] = [];
    const result = await withWorker(events, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof cancellable>('cancellable', {
        ...fresh(taskQueue),
        args: [],
      });
      await waitFor(() => events.includes('start:b'));
      await handle.signal(cancelSignal);
      return handle.result();
    });

    expect(result.accepted).toBe(true);
    expect(result.timeline.steps.map((s) => [s.name, s.status])).toEqual([
      ['a', 'COMPLETED'],
      ['b', 'CANCELLED'],
    ]);
    expect(result.timeline.compensations.map((c) => [c.name, c.status])).toEqual([
      ['undo-b', 'COMPLETED'],
      ['undo-a', 'COMPLETED'],
    ]);
  });

  it('still rolls back when the workflow itself is cancelled, then ends cancelled', async () => {
    const events: string[] = [];
    const outcome = await withWorker(events, async (taskQueue) => {
      const handle = await env.client.workflow.start<typeof cancellable>('cancellable', {
        ...fresh(taskQueue),
        args: [],
      });
      await waitFor(() => events.includes('start:b'));
      await handle.cancel();
      return handle.result().catch((error: unknown) => error);
    });

    expect(outcome).toBeInstanceOf(WorkflowFailedError);
    expect((outcome as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(events.filter((e) => e.startsWith('end:undo'))).toEqual(['end:undo-b', 'end:undo-a']);
  });

  it('refuses to cancel or unwind once the pivot has committed', async () => {
    const result = await withWorker([], async (taskQueue) =>
      (
        await env.client.workflow.start<typeof pastThePivot>('pastThePivot', {
          ...fresh(taskQueue),
          args: [],
        })
      ).result(),
    );

    expect(result).toEqual({
      cancellableBefore: true,
      cancellableAfter: false,
      cancelAccepted: false,
      unwindError: 'a saga cannot unwind past a committed pivot',
    });
  });

  it.each<[Misdeclaration, string]>([
    ['compensatable after pivot', 'compensatable step "late" is declared after the pivot'],
    ['retriable before pivot', 'retriable step "early" must follow a committed pivot'],
    ['second pivot', 'pivot "q" is declared after another pivot'],
  ])('rejects a saga declared out of order: %s', async (kind, message) => {
    const error = await withWorker([], async (taskQueue) =>
      (
        await env.client.workflow.start<typeof misdeclared>('misdeclared', {
          ...fresh(taskQueue),
          args: [kind],
        })
      ).result(),
    );
    expect(error).toBe(message);
  });
});

async function waitFor(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
