import type { ClientRequest, IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  defaultResource,
  detectResources,
  hostDetector,
  processDetector,
  resourceAttributesEnvDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { Telemetry } from './start-telemetry.js';

/** Scrapes and probes are not part of any order's story. */
const UNTRACED_PATHS = new Set(['/health', '/metrics']);

/**
 * The OpenTelemetry Node SDK, configured by the OTEL_* variables (exporter, endpoint, protocol,
 * headers, sampler, batching), with the instrumentations an order crosses: the HTTP servers,
 * fetch (undici) towards the participants, and PostgreSQL.
 */
export function startNodeTracing(serviceName: string): Telemetry {
  const resource = defaultResource()
    .merge(
      detectResources({
        detectors: [resourceAttributesEnvDetector, hostDetector, processDetector],
      }),
    )
    .merge(resourceFromAttributes({ 'service.name': serviceName }));
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) =>
          UNTRACED_PATHS.has((request.url ?? '').split('?')[0] ?? ''),
        // Outgoing calls go through fetch, traced by the undici instrumentation.
        ignoreOutgoingRequestHook: () => true,
        applyCustomAttributesOnSpan: nameByRoute,
      }),
      new UndiciInstrumentation(),
      // Queries outside a request (migrations, pool checks, the outbox relay's polls) start no trace.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => (stopping ??= sdk.shutdown());
  const spanProcessor = spanProcessorOf(sdk);
  // A process that ends by itself exports what is left once its event loop has drained.
  process.once('beforeExit', () => void shutdown());
  exportOnStopSignals(() => spanProcessor.forceFlush());
  return { serviceName, resource, spanProcessor, shutdown };
}

/**
 * Nest closes the app on SIGTERM/SIGINT and then raises the signal again, which ends the process
 * without 'beforeExit'. So the spans ended so far are exported as soon as a stop signal arrives,
 * and again when it arrives with no other listener (Nest's second raise, or a signal before any
 * app listens): then the process ends, as the signal's default would have, once they are out.
 */
function exportOnStopSignals(flush: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals) => {
    const handledByOthers = process.listenerCount(signal) > 1;
    void flush()
      .catch(() => undefined)
      .finally(() => {
        if (handledByOthers) return;
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
}

/**
 * `POST /reservations/:reservationId/confirm` rather than `POST`: once the response has ended,
 * Express has left the matched route's template on the request (never the raw path, so no id).
 */
function nameByRoute(span: Span, request: ClientRequest | IncomingMessage): void {
  const { route, baseUrl, method } = request as IncomingMessage & {
    route?: { path?: unknown };
    baseUrl?: unknown;
  };
  if (typeof route?.path !== 'string') return;
  const template = `${typeof baseUrl === 'string' ? baseUrl : ''}${route.path}` || '/';
  span.setAttribute('http.route', template);
  span.updateName(`${method ?? 'HTTP'} ${template}`);
}

interface NodeSdkInternals {
  _tracerProvider?: { _activeSpanProcessor?: SpanProcessor };
}

/**
 * The processors NodeSDK builds from the OTEL_* variables are not exposed, but workflow spans,
 * which are finished inside the workflow sandbox, must reach the same exporter. The versions are
 * pinned; the trace e2e test fails if this reach-in ever stops working.
 */
function spanProcessorOf(sdk: NodeSDK): SpanProcessor {
  const processor = (sdk as unknown as NodeSdkInternals)._tracerProvider?._activeSpanProcessor;
  if (processor === undefined) {
    throw new Error('OpenTelemetry: the Node SDK started without a span processor');
  }
  return processor;
}
