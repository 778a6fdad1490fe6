import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities, LogNotificationAdapter } from '../../activities/index.js';
import { createHttpAdapters } from '../../activities/adapters/http/index.js';
import type { CheckoutAdapters } from '../../activities/adapters/ports.js';
import { createOrderEventPublisher } from '../../activities/adapters/order-events/order-events-config.js';
import { encryptingDataConverter } from '../../lib/payload-codec/index.js';
import { activeTelemetry } from '../../lib/telemetry/index.js';
import { connectionOptions } from '../../lib/temporal/index.js';
import type { WorkerConfig } from './worker-env.js';
import { workerTracingOptions } from './worker-tracing.js';
import { workflowSource } from './workflow-source.js';

export interface RunningWorker {
  /** Resolves once the worker has shut down and its connection is closed. */
  finished: Promise<void>;
}

/**
 * Connects to Temporal and starts polling the checkout task queue. Shutdown belongs to the SDK:
 * its Runtime turns SIGINT/SIGTERM into worker.shutdown(), which lets running activities finish
 * for the grace time. Nothing else here listens for signals.
 */
export async function startWorker(
  config: WorkerConfig,
  adapters: CheckoutAdapters = {
    ...createHttpAdapters(config.participants),
    notification: new LogNotificationAdapter(),
    orderEvents: createOrderEventPublisher(config.orderEvents),
  },
): Promise<RunningWorker> {
  const workflows = workflowSource(config.workflowBundlePath, activeTelemetry() !== undefined);
  const connection = await NativeConnection.connect(await connectionOptions(config.temporal));
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      ...workflows.code,
      dataConverter: encryptingDataConverter(config.payloadEncryptionKeys),
      activities: createActivities(adapters),
      ...workerTracingOptions(workflows.interceptorModules),
      ...config.tuning,
      shutdownGraceTime: `${config.shutdownGraceSeconds} seconds`,
    });
    const finished = worker
      .run()
      .finally(() => Promise.all([connection.close(), adapters.orderEvents.close()]));
    return { finished };
  } catch (error) {
    await Promise.all([connection.close(), adapters.orderEvents.close()]);
    throw error;
  }
}
