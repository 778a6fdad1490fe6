import type { IncomingMessage, ServerResponse } from 'node:http';
import { ORDER_ID_PATTERN } from '../orders/order-ids.js';

const orderOfResponse = new WeakMap<ServerResponse, string>();

/** Marks the order a response is about, so its request log line carries the order id. */
export function tagOrder(response: ServerResponse, orderId: unknown): void {
  if (typeof orderId === 'string' && ORDER_ID_PATTERN.test(orderId)) {
    orderOfResponse.set(response, orderId);
  }
}

/** `requestLogProps` of the request logger: the order id as correlation id. */
export function orderLogProps(_request: IncomingMessage, response: ServerResponse): object {
  const orderId = orderOfResponse.get(response);
  return orderId === undefined ? {} : { orderId };
}
