import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

export interface MessageToTrace {
  topic: string;
  headers?: Record<string, string>;
}

/**
 * Runs a Kafka publish inside a producer span (`publish <topic>`) and writes that span's W3C trace
 * context into each message's headers, so that a consumer can carry the trace on. Only inside a
 * trace: a publish with no active span (an outbox relay's poll) starts none, and without tracing
 * this is a plain call.
 */
export async function publishTraced<Message extends MessageToTrace>(
  messages: readonly Message[],
  publish: (messages: Message[]) => Promise<void>,
): Promise<void> {
  if (messages.length === 0 || trace.getActiveSpan() === undefined) {
    await publish([...messages]);
    return;
  }
  const topics = [...new Set(messages.map((message) => message.topic))].join(',');
  const tracer = trace.getTracer('checkout-saga/kafka');
  await tracer.startActiveSpan(
    `publish ${topics}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topics,
        'messaging.batch.message_count': messages.length,
      },
    },
    async (span) => {
      try {
        await publish(
          messages.map((message) => {
            const headers = { ...message.headers };
            propagation.inject(context.active(), headers);
            return { ...message, headers };
          }),
        );
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
