import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { WaitForClose } from '../checkout-load/active-orders.js';

// A CommonJS module: its namespaces come with the default export only.
const CLOSE_EVENT_ONLY =
  proto.temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;

/**
 * One long poll for the checkout's close event: the server answers when the workflow closes (true)
 * or when its long-poll timeout passes (false). Nothing is decoded: only the close matters.
 */
export function orderCloseWatch(client: Client, namespace: string): WaitForClose {
  return (workflowId, signal) =>
    client.connection.withAbortSignal(signal, async () => {
      const { history } = await client.workflowService.getWorkflowExecutionHistory({
        namespace,
        execution: { workflowId },
        waitNewEvent: true,
        historyEventFilterType: CLOSE_EVENT_ONLY,
        skipArchival: true,
      });
      return (history?.events?.length ?? 0) > 0;
    });
}
