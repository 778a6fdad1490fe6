import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { processTraced } from '../../lib/telemetry/index.js';

describe('a Kafka batch processed inside the traces that published it', () => {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  /** The ended spans, once the processor has handed them to the exporter. */
  const finishedSpans = async () => {
    await processor.forceFlush();
    return exporter.getFinishedSpans();
  };

  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });

  afterAll(() => {
    trace.disable();
    propagation.disable();
  });

  beforeEach(() => {
    exporter.reset();
  });

  /** The headers a producer span writes, as publishTraced does, with that span's ids. */
  async function published() {
    const producer = trace.getTracer('test').startSpan('publish checkout.orders');
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(ROOT_CONTEXT, producer), headers);
    producer.end();
    await processor.forceFlush();
    exporter.reset();
    return { headers, producer: producer.spanContext() };
  }

  it('processes each traced message under a consumer span, child of its publish', async () => {
    const first = await published();
    const second = await published();
    const messages = [
      { topic: 'checkout.orders', partition: 2, offset: 41n, key: 'ord_1', headers: first.headers },
      { topic: 'checkout.orders', partition: 0, offset: 7n, key: 'ord_2', headers: second.headers },
      { topic: 'inventory.events', partition: 0, offset: 3n, key: 'ord_1', headers: {} },
    ];
    let handed: unknown;
    await processTraced(messages, async (batch) => {
      handed = batch;
      // The spans cover the batch's processing: none has ended yet.
      expect(await finishedSpans()).toHaveLength(0);
    });

    expect(handed).toEqual(messages);
    const spans = await finishedSpans();
    expect(spans).toHaveLength(2);
    for (const [index, { producer }] of [first, second].entries()) {
      const span = spans[index];
      expect(span?.name).toBe('process checkout.orders');
      expect(span?.kind).toBe(SpanKind.CONSUMER);
      expect(span?.spanContext().traceId).toBe(producer.traceId);
      expect(span?.parentSpanContext?.spanId).toBe(producer.spanId);
    }
    expect(spans[0]?.attributes).toEqual({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'checkout.orders',
      'messaging.destination.partition.id': '2',
      'messaging.kafka.offset': 41,
      'messaging.kafka.message.key': 'ord_1',
    });
  });

  it('marks the spans failed and rethrows when the batch fails', async () => {
    const { headers } = await published();
    const failure = new Error('the database is down');
    await expect(
      processTraced([{ topic: 'checkout.orders', partition: 0, offset: 1n, headers }], () =>
        Promise.reject(failure),
      ),
    ).rejects.toBe(failure);
    const [span, ...others] = await finishedSpans();
    expect(others).toHaveLength(0);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('starts no span for messages published outside a trace', async () => {
    let processed = 0;
    await processTraced(
      [
        { topic: 'payment.events', partition: 0, offset: 5n },
        { topic: 'payment.events', partition: 0, offset: 6n, headers: { other: 'x' } },
      ],
      (batch) => {
        processed = batch.length;
        return Promise.resolve();
      },
    );
    expect(processed).toBe(2);
    expect(await finishedSpans()).toHaveLength(0);
  });
});
