// A worker with tracing on runs the traced twin of the workflow bundle, one without it the plain
// bundle: every committed history (recorded without the interceptors) must replay on either, so
// that replicas may differ in tracing. The other way round is in trace.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import {
  workflowSpanSinks,
  workflowTracingInterceptorsPath,
} from '../../lib/telemetry/temporal.js';
import { installQuietRuntime } from '../support/quiet-runtime.js';

const historiesDir = new URL('../histories/', import.meta.url);
const HISTORIES = readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    name: file.replace(/\.json$/, ''),
    history: JSON.parse(readFileSync(new URL(file, historiesDir), 'utf8')) as History,
  }));

interface History {
  events: {
    workflowExecutionStartedEventAttributes?: { input?: { payloads?: { data?: string }[] } };
  }[];
}

function workflowIdOf(history: History): string {
  const started = history.events[0]?.workflowExecutionStartedEventAttributes;
  const data = started?.input?.payloads?.[0]?.data ?? '';
  const input = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { orderId: string };
  return `order-${input.orderId}`;
}

let tracedBundle: WorkflowBundle;

beforeAll(async () => {
  installQuietRuntime();
  tracedBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('../../workflows/index.ts', import.meta.url)),
    workflowInterceptorModules: [workflowTracingInterceptorsPath()],
    logger: new DefaultLogger('WARN'),
  });
}, 120_000);

describe('the workflow bundle with the tracing interceptors', () => {
  it('finds the committed histories', () => {
    expect(HISTORIES.length).toBeGreaterThan(10);
  });

  it.each(HISTORIES)('replays $name', async ({ history }) => {
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: tracedBundle, sinks: workflowSpanSinks() },
        history,
        workflowIdOf(history),
      ),
    ).resolves.toBeUndefined();
  });
});
