import { createRequire } from 'node:module';
import type { ClientInterceptors } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerInterceptors } from '@temporalio/worker';
import { activeTelemetry } from './start-telemetry.js';

/**
 * The Temporal client's interceptors: each start, update, signal and query becomes a span whose
 * context travels to the workflow in the call's headers. None without tracing.
 */
export function temporalClientInterceptors(): ClientInterceptors {
  return activeTelemetry() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {};
}

/**
 * The worker's activity interceptors: each attempt runs in a span whose parent is the workflow's
 * StartActivity span, and the activity's log lines carry its trace id. None without tracing.
 */
export function temporalActivityInterceptors(): NonNullable<WorkerInterceptors['activity']> {
  if (!activeTelemetry()) return [];
  return [
    (context) => ({
      inbound: new OpenTelemetryActivityInboundInterceptor(context),
      outbound: new OpenTelemetryActivityOutboundInterceptor(context),
    }),
  ];
}

/**
 * The file of the SDK's workflow tracing interceptors, for the workflow bundler
 * (workflowInterceptorModules). They run inside the workflow sandbox and send their spans out
 * through the `exporter` sink (see workflowSpanSinks).
 */
export function workflowTracingInterceptorsPath(): string {
  return createRequire(import.meta.url).resolve(
    '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
  );
}
