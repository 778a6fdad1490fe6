import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import { orderIdOfWorkflowId, withOrderId } from '../../lib/logging/index.js';
import { activeTelemetry } from '../../lib/telemetry/index.js';
import { temporalActivityInterceptors, workflowSpanSinks } from '../../lib/telemetry/temporal.js';

/** Each activity runs with its order as log context: every line it writes names the order. */
const orderLogContext: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    execute: (input, next) => {
      const orderId = orderIdOfWorkflowId(context.info.workflowExecution?.workflowId);
      return orderId === undefined ? next(input) : withOrderId(orderId, () => next(input));
    },
  },
});

/**
 * Tracing and log context for the worker. With tracing on, the workflow code carries the tracing
 * interceptors (see workflowSource) and their spans go to the process's exporter through the sink.
 */
export function workerTracingOptions(
  workflowInterceptorModules: string[],
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    interceptors: {
      activity: [orderLogContext, ...temporalActivityInterceptors()],
      ...(workflowInterceptorModules.length > 0
        ? { workflowModules: workflowInterceptorModules }
        : {}),
    },
    sinks: workflowSpanSinks(activeTelemetry()),
  };
}
