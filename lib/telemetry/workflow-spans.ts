import { SpanKind, SpanStatusCode, type SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { OpenTelemetrySinks, SerializableSpan } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';

/**
 * The sink through which the workflow interceptors (inside the sandbox) hand over their finished
 * spans. The SDK's interceptors serialise spans in the shape of OpenTelemetry JS 1.x; this turns
 * them into spans of the SDK this process runs (parent as a span context, instrumentation scope)
 * and ends them into the process's span processor. Without tracing the sink drops them (a worker
 * without tracing runs the plain bundle, so nothing should reach it then).
 */
export function workflowSpanSinks(target?: {
  spanProcessor: SpanProcessor;
  resource: Resource;
}): InjectedSinks<OpenTelemetrySinks> {
  return {
    exporter: {
      export: {
        fn: (info, spans) => {
          if (target === undefined) return;
          for (const span of spans) {
            target.spanProcessor.onEnd(toReadableSpan(span, info, target.resource));
          }
        },
      },
    },
  };
}

// The same numbers as the enums of the Temporal SDK's own copy of @opentelemetry/api.
const SPAN_KINDS: readonly SpanKind[] = [
  SpanKind.INTERNAL,
  SpanKind.SERVER,
  SpanKind.CLIENT,
  SpanKind.PRODUCER,
  SpanKind.CONSUMER,
];
const STATUS_CODES: readonly SpanStatusCode[] = [
  SpanStatusCode.UNSET,
  SpanStatusCode.OK,
  SpanStatusCode.ERROR,
];

function toReadableSpan(
  span: SerializableSpan,
  info: WorkflowInfo,
  resource: Resource,
): ReadableSpan {
  // The trace state (vendor data, unused here) is not carried over.
  const { traceId, spanId, traceFlags } = span.spanContext;
  const spanContext: SpanContext = { traceId, spanId, traceFlags };
  const parentSpanContext: SpanContext | undefined =
    span.parentSpanId === undefined
      ? undefined
      : {
          traceId: spanContext.traceId,
          spanId: span.parentSpanId,
          traceFlags: spanContext.traceFlags,
        };
  return {
    name: span.name,
    kind: SPAN_KINDS[span.kind] ?? SpanKind.INTERNAL,
    spanContext: () => spanContext,
    ...(parentSpanContext ? { parentSpanContext } : {}),
    startTime: span.startTime,
    endTime: span.endTime,
    status: {
      code: STATUS_CODES[span.status.code] ?? SpanStatusCode.UNSET,
      ...(span.status.message === undefined ? {} : { message: span.status.message }),
    },
    attributes: {
      ...span.attributes,
      'temporal.workflow_id': info.workflowId,
      'temporal.run_id': info.runId,
      'temporal.workflow_type': info.workflowType,
    },
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource,
    instrumentationScope: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
