import { AsyncLocalStorage } from 'node:async_hooks';

const orderContext = new AsyncLocalStorage<string>();

/** Runs `work` with `orderId` as the order of every log line it writes, however deep. */
export function withOrderId<T>(orderId: string, work: () => T): T {
  return orderContext.run(orderId, work);
}

/** The order the current request or activity is about, if one is known. */
export function currentOrderId(): string | undefined {
  return orderContext.getStore();
}

const ORDER_WORKFLOW_PREFIX = 'order-';

/** `order-<orderId>` is the checkout workflow's id; other ids name no order. */
export function orderIdOfWorkflowId(workflowId: unknown): string | undefined {
  if (typeof workflowId !== 'string' || !workflowId.startsWith(ORDER_WORKFLOW_PREFIX)) {
    return undefined;
  }
  const orderId = workflowId.slice(ORDER_WORKFLOW_PREFIX.length);
  return orderId === '' ? undefined : orderId;
}
