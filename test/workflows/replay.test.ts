import { beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import {
  BEFORE_LIFECYCLE_EVENTS_HISTORIES,
  BEFORE_LOCAL_CONFIRMATION_HISTORIES,
  BEFORE_LOCAL_EVENT_PUBLISHES_HISTORIES,
  CAPTURED_HISTORIES,
  LEGACY_HISTORIES,
  SCENARIOS,
} from '../histories/scenarios.js';
import { installQuietRuntime } from '../support/quiet-runtime.js';

const historiesDir = new URL('../histories/', import.meta.url);
const HISTORIES = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => {
    const history = JSON.parse(readFileSync(new URL(file, historiesDir), 'utf8')) as unknown;
    return { name: file.replace(/\.json$/, ''), history, workflowId: workflowIdOf(history) };
  });

interface RecordedHistory {
  events: {
    workflowExecutionStartedEventAttributes?: { input?: { payloads?: { data?: string }[] } };
  }[];
}

/** `order-<orderId>` from the recorded input: the workflow refuses an input of another order. */
function workflowIdOf(history: unknown): string {
  const started = (history as RecordedHistory).events[0]?.workflowExecutionStartedEventAttributes;
  const data = started?.input?.payloads?.[0]?.data ?? '';
  const input = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { orderId: string };
  return `order-${input.orderId}`;
}

const currentWorkflows = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const reorderedCheckout = fileURLToPath(
  new URL('./fixtures/reordered-checkout.ts', import.meta.url),
);

let currentBundle: WorkflowBundle;

beforeAll(async () => {
  installQuietRuntime();
  currentBundle = await bundleWorkflowCode({
    workflowsPath: currentWorkflows,
    logger: new DefaultLogger('WARN'),
  });
});

describe('histories of earlier runs replay on the current workflow code', () => {
  it('has a committed history for every scenario', () => {
    const expected = [
      ...LEGACY_HISTORIES,
      ...BEFORE_LIFECYCLE_EVENTS_HISTORIES,
      ...BEFORE_LOCAL_EVENT_PUBLISHES_HISTORIES,
      ...BEFORE_LOCAL_CONFIRMATION_HISTORIES,
      ...CAPTURED_HISTORIES,
      ...SCENARIOS.map((s) => s.name),
    ];
    expect(HISTORIES.map((h) => h.name).sort()).toEqual(expected.sort());
  });

  it.each(HISTORIES)('replays $name', async ({ history, workflowId }) => {
    await expect(
      Worker.runReplayHistory({ workflowBundle: currentBundle }, history, workflowId),
    ).resolves.toBeUndefined();
  });

  it('catches a change that would break running workflows', async () => {
    const completed = HISTORIES.find((h) => h.name === 'completed');
    await expect(
      Worker.runReplayHistory(
        { workflowsPath: reorderedCheckout },
        completed?.history,
        completed?.workflowId,
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
