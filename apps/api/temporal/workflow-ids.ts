/** The checkout workflow's type and the id of each order's workflow (`order-<orderId>`). */
export const CHECKOUT_WORKFLOW_TYPE = 'checkout';

const PREFIX = 'order-';

export function workflowIdOf(orderId: string): string {
  return `${PREFIX}${orderId}`;
}

export function orderIdOf(workflowId: string): string {
  return workflowId.startsWith(PREFIX) ? workflowId.slice(PREFIX.length) : workflowId;
}
