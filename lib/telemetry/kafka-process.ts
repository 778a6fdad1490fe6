import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';

export interface MessageToProcess {
  topic: string;
  partition: number;
  offset: bigint | string;
  key?: string;
  headers?: Record<string, string>;
}

/**
 * Runs the processing of a batch of Kafka messages with a consumer span (`process <topic>`) for
 * each message that carries a trace context, as the child of the span that published it, so that
 * the trace of an order shows the consumer applying its event. The spans last as long as the
 * batch, which is processed as a whole (one transaction). A message published outside a trace
 * (an outbox relay's) gets none, and without tracing this is a plain call.
 */
export async function processTraced<Message extends MessageToProcess>(
  messages: readonly Message[],
  process: (messages: Message[]) => Promise<void>,
): Promise<void> {
  const spans = messages.flatMap((message) => {
    const span = consumerSpan(message);
    return span === undefined ? [] : [span];
  });
  try {
    await process([...messages]);
  } catch (error) {
    for (const span of spans) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

function consumerSpan(message: MessageToProcess): Span | undefined {
  if (message.headers === undefined) return undefined;
  const published = propagation.extract(ROOT_CONTEXT, message.headers);
  if (trace.getSpanContext(published) === undefined) return undefined;
  return trace.getTracer('checkout-saga/kafka').startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        ...(message.key ? { 'messaging.kafka.message.key': message.key } : {}),
      },
    },
    published,
  );
}
