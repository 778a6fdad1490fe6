import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { tracingRequested } from './telemetry-env.js';

/** The process's tracing, once started: what the Temporal worker needs to export workflow spans. */
export interface Telemetry {
  serviceName: string;
  /** Where finished spans go (batched to the exporter of the OTEL_* variables). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Exports the spans still buffered; idempotent. Runs by itself before the process exits. */
  shutdown(): Promise<void>;
}

let started: Telemetry | undefined;

/**
 * Starts OpenTelemetry tracing for this process when the OTEL_* variables ask for it (see
 * tracingRequested); otherwise does nothing, and nothing of the SDK is even loaded.
 *
 * Call it first, before the process imports its own modules: instrumentations patch pg and http as
 * they load, and ESM imports are hoisted, so main.ts imports the rest dynamically afterwards.
 */
export async function startTelemetry(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Telemetry | undefined> {
  if (started !== undefined || !tracingRequested(env)) return started;
  const { startNodeTracing } = await import('./node-tracing.js');
  started = startNodeTracing(serviceName);
  return started;
}

/** The tracing this process started, if any. */
export function activeTelemetry(): Telemetry | undefined {
  return started;
}
