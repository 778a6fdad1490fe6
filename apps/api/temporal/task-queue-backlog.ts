import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import type { TemporalConfig } from '../../../lib/temporal/index.js';

/**
 * The age, in milliseconds, of the oldest workflow task waiting in the checkout's task queue (0
 * when none waits): a new order's first workflow task queues behind it. The server computes the
 * stats from a cache it refreshes every few seconds (matching.TaskQueueInfoByBuildIdTTL, 5 s by
 * default; `npm start` and compose set 500 ms), so a reading can be that much behind.
 */
export async function checkoutBacklogAgeMs(
  client: Client,
  config: TemporalConfig,
): Promise<number> {
  // Left unset, the task queue's kind and type are the normal queue's workflow tasks.
  const { stats } = await client.workflowService.describeTaskQueue({
    namespace: config.namespace,
    taskQueue: { name: config.taskQueue },
    reportStats: true,
  });
  return optionalTsToMs(stats?.approximateBacklogAge) ?? 0;
}
