import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import { orderIdOfWorkflowId, withOrderId } from '../../lib/logging/index.js';
import { activeTelemetry } from '../../lib/telemetry/index.js';
import {
  temporalActivityInterceptors,
  workflowSpanSinks,
  workflowTracingInterceptorsPath,
} from '../../lib/telemetry/temporal.js';

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
 * Tracing and log context for the worker. The workflow interceptors are always in the workflow
 * code (the prebuilt bundle carries them, and they are bundled in when the worker bundles
 * workflows/ itself), so that workflows replay the same with tracing on or off; their spans go
 * to the process's exporter when tracing is on and are dropped otherwise.
 */
export function workerTracingOptions(
  prebuiltBundle: boolean,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    interceptors: {
      activity: [orderLogContext, ...temporalActivityInterceptors()],
      ...(prebuiltBundle ? {} : { workflowModules: [workflowTracingInterceptorsPath()] }),
    },
    sinks: workflowSpanSinks(activeTelemetry()),
  };
}
