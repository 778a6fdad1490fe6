// One order, one trace: the whole system as `npm start` runs it exports its spans (OTLP/HTTP, JSON)
// to a receiver in this test, and the order's spans form a single trace from the API's POST
// through Temporal to each activity, each participant's HTTP handler and its SQL, and through
// Kafka to the read model. The processes' log lines about the order carry its id and that trace's
// id.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiClient } from '../support/api-http.js';
import { eventually } from '../support/api-http.js';
import { orderReaching, placeOrder } from '../support/api-orders.js';
import { removeDataDir, startStack, type E2eStack } from '../support/e2e-stack.js';
import {
  SPAN_KIND,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from '../support/otlp-receiver.js';

const PARTICIPANTS = ['inventory', 'payment', 'shipping'] as const;
const STEPS = {
  inventory: 'reserveInventory',
  payment: 'chargePayment',
  shipping: 'scheduleShipping',
};

describe('tracing, end to end on the stack of npm start', () => {
  let receiver: OtlpReceiver;
  let stack: E2eStack;
  let customer: ApiClient;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    customer = await stack.customer();
    console.log(`e2e stack (trace) up in ${stack.startSeconds.toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    await stack.stop();
    await removeDataDir(stack.dataDir);
    await receiver.close();
  }, 120_000);

  it("puts one order's spans in one trace: api → Temporal → activities → participants → SQL → Kafka → read model", async () => {
    const { orderId } = await placeOrder(customer);
    await orderReaching(customer, orderId, 'COMPLETED');

    const trace = await eventually(() => {
      const spans = orderTrace(receiver.spans(), orderId);
      for (const participant of PARTICIPANTS) {
        expect(spans.some((span) => span.service === participant && isSql(span))).toBe(true);
      }
      expect(spans.some((span) => span.name === 'RunActivity:scheduleShipping')).toBe(true);
      expect(spans.filter((span) => span.kind === SPAN_KIND.PRODUCER)).toHaveLength(2);
      expect(spans.filter((span) => span.kind === SPAN_KIND.CONSUMER)).toHaveLength(2);
      return Promise.resolve(spans);
    }, 30_000);
    console.log(`The order's trace:\n${describeTrace(trace)}`);

    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const parentOf = (span: ReceivedSpan) =>
      span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const parent = parentOf(span);
      return parent ? [parent, ...ancestors(parent)] : [];
    };

    // The API's POST starts the trace.
    const post = single(trace, (s) => s.service === 'checkout-api' && s.kind === SPAN_KIND.SERVER);
    expect(post.parentSpanId).toBeUndefined();
    expect(post.name).toBe('POST /orders');

    // The workflow runs in the worker as the child of the API's Temporal call (Update-With-Start).
    const run = single(trace, (s) => s.name.startsWith('RunWorkflow:'));
    expect(run.service).toBe('checkout-worker');
    const start = parentOf(run);
    if (start === undefined) throw new Error('The RunWorkflow span has no parent in the trace');
    expect(start).toMatchObject({
      service: 'checkout-api',
      name: expect.stringMatching(/^(Start|UpdateWithStart)Workflow:/) as unknown,
    });
    expect(ancestors(start)).toContain(post);

    // The lifecycle events (placed, completed) go to Kafka from publishOrderEvent's attempts.
    const publishes = trace.filter((s) => s.kind === SPAN_KIND.PRODUCER);
    for (const publish of publishes) {
      expect(publish).toMatchObject({
        service: 'checkout-worker',
        name: 'publish checkout.orders',
      });
      expect(parentOf(publish)?.name).toBe('RunActivity:publishOrderEvent');
      expect(ancestors(publish)).toContain(run);
      // The read model applies each event as the child of its publish (traceparent header).
      const applied = single(
        trace,
        (s) => s.kind === SPAN_KIND.CONSUMER && parentOf(s) === publish,
      );
      expect(applied).toMatchObject({
        service: 'order-read-model',
        name: 'process checkout.orders',
      });
    }

    for (const participant of PARTICIPANTS) {
      const step = STEPS[participant];
      const scheduled = single(trace, (s) => s.name === `StartActivity:${step}`);
      expect(ancestors(scheduled)).toContain(run);
      const executed = single(trace, (s) => s.name === `RunActivity:${step}`);
      expect(executed.service).toBe('checkout-worker');
      expect(parentOf(executed)).toBe(scheduled);

      // The participant's handler is the child of the worker's HTTP call (W3C traceparent).
      const handlers = trace.filter(
        (s) => s.service === participant && s.kind === SPAN_KIND.SERVER,
      );
      expect(handlers.length).toBeGreaterThan(0);
      for (const handler of handlers) {
        const call = parentOf(handler);
        expect(call).toMatchObject({ service: 'checkout-worker', kind: SPAN_KIND.CLIENT });
        // Named by the route's template, never by a raw path with ids in it.
        expect(handler.name).toMatch(/^(GET|POST) \/[a-z]+(\/:[A-Za-z]+(\/[a-z]+)?)?$/);
        expect(ancestors(handler).some((s) => s.name.startsWith('RunActivity:'))).toBe(true);
      }
      const stepHandler = handlers.find((handler) => ancestors(handler).includes(executed));
      expect(stepHandler).toBeDefined();
      // Its SQL runs inside the handler.
      const sql = trace.filter((s) => s.service === participant && isSql(s));
      expect(sql.length).toBeGreaterThan(0);
      for (const statement of sql) {
        expect(ancestors(statement).some((s) => handlers.includes(s))).toBe(true);
      }
    }
  });

  it("writes the order's id and trace id on its log lines in every process", async () => {
    const { orderId } = await placeOrder(customer);
    await orderReaching(customer, orderId, 'COMPLETED');
    const traceId = await eventually(() => {
      const [span] = orderTrace(receiver.spans(), orderId);
      expect(span).toBeDefined();
      return Promise.resolve(span?.traceId ?? '');
    });

    const logsDir = join(stack.dataDir, 'logs');
    const lines = await eventually(async () => {
      const found = await linesAbout(logsDir, orderId);
      for (const process of ['api', 'worker', ...PARTICIPANTS]) {
        expect(found.filter((line) => line.file === `${process}.log`).length).toBeGreaterThan(0);
      }
      return found;
    });
    for (const { file, entry } of lines.filter((line) => line.file !== 'temporal.log')) {
      expect({ file, orderId: entry.orderId }).toEqual({ file, orderId });
    }
    for (const process of ['worker', ...PARTICIPANTS]) {
      const traced = lines.filter((line) => line.file === `${process}.log` && line.entry.trace_id);
      expect({ process, traceIds: [...new Set(traced.map((l) => l.entry.trace_id))] }).toEqual({
        process,
        traceIds: [traceId],
      });
    }
  });
});

function isSql(span: ReceivedSpan): boolean {
  return (
    span.attributes['db.system'] === 'postgresql' ||
    span.attributes['db.system.name'] === 'postgresql'
  );
}

/**
 * The spans of the order's trace: the trace of its workflow run. Every other span about the order
 * that is not a read (the state queries of GET /orders/{id} are traces of their own) is in it too.
 */
function orderTrace(spans: ReceivedSpan[], orderId: string): ReceivedSpan[] {
  const aboutOrder = spans.filter((span) =>
    Object.values(span.attributes).includes(`order-${orderId}`),
  );
  const [run, ...reruns] = aboutOrder.filter((span) => span.name.startsWith('RunWorkflow:'));
  expect(reruns).toHaveLength(0);
  if (run === undefined) throw new Error(`No RunWorkflow span of order ${orderId} yet`);
  const reads = /^(QueryWorkflow|HandleQuery|DescribeWorkflow)/;
  const elsewhere = aboutOrder.filter(
    (span) => span.traceId !== run.traceId && !reads.test(span.name),
  );
  expect(elsewhere.map(({ service, name }) => `${service} ${name}`)).toEqual([]);
  return spans.filter((span) => span.traceId === run.traceId);
}

function single(spans: ReceivedSpan[], predicate: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const [found, ...others] = spans.filter(predicate);
  expect(others).toHaveLength(0);
  if (found === undefined) throw new Error('No such span in the trace');
  return found;
}

/** The trace as an indented tree: service, span name, duration. */
function describeTrace(spans: ReceivedSpan[]): string {
  const start = spans.reduce(
    (min, span) => (span.startNs < min ? span.startNs : min),
    spans[0]?.startNs ?? 0n,
  );
  const children = (parentSpanId: string | undefined) =>
    spans
      .filter(
        (span) =>
          span.parentSpanId === parentSpanId ||
          (parentSpanId === undefined && !spans.some((s) => s.spanId === span.parentSpanId)),
      )
      .sort((a, b) => (a.startNs < b.startNs ? -1 : 1));
  const lines: string[] = [];
  const visit = (span: ReceivedSpan, depth: number) => {
    const ms = (nanos: bigint) => (Number(nanos) / 1e6).toFixed(1);
    lines.push(
      `${'  '.repeat(depth)}${span.service} ${span.name} +${ms(span.startNs - start)} ms, ${ms(span.endNs - span.startNs)} ms`,
    );
    for (const child of spans
      .filter((s) => s.parentSpanId === span.spanId)
      .sort((a, b) => (a.startNs < b.startNs ? -1 : 1))) {
      visit(child, depth + 1);
    }
  };
  for (const root of children(undefined)) visit(root, 0);
  return lines.join('\n');
}

interface LogLine {
  file: string;
  entry: { orderId?: unknown; trace_id?: unknown };
}

/** The JSON lines of every process's log that mention the order. */
async function linesAbout(logsDir: string, orderId: string): Promise<LogLine[]> {
  const files = (await readdir(logsDir)).filter((file) => file.endsWith('.log'));
  const lines = await Promise.all(
    files.map(async (file) =>
      (await readFile(join(logsDir, file), 'utf8'))
        .split('\n')
        .filter((line) => line.includes(orderId) && line.startsWith('{'))
        .map((line) => ({ file, entry: JSON.parse(line) as LogLine['entry'] })),
    ),
  );
  return lines.flat();
}
