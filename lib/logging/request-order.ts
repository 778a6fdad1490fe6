import type { IncomingMessage, ServerResponse } from 'node:http';
import { orderIdOfWorkflowId, withOrderId } from './order-context.js';

/** What an order id looks like; anything else is not logged as one. */
const ORDER_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ORDER_PATH = /^\/orders\/([^/?#]+)/;

type RequestWithBody = IncomingMessage & { body?: unknown };

/**
 * Express middleware (after the body parser): the rest of the request runs with the order it is
 * about as log context. The order comes from the body's `orderId`, the `orderId` query parameter,
 * an `/orders/<orderId>` path, or an idempotency key `order-<orderId>:<step>` of the saga.
 */
export function logRequestOrder(
  request: RequestWithBody,
  _response: ServerResponse,
  next: () => void,
): void {
  const orderId = orderIdOfRequest(request);
  if (orderId === undefined) next();
  else withOrderId(orderId, next);
}

export function orderIdOfRequest(request: RequestWithBody): string | undefined {
  const url = new URL(request.url ?? '/', 'http://request');
  const idempotencyKey = request.headers['idempotency-key'];
  const candidates: unknown[] = [
    (request.body as { orderId?: unknown } | undefined)?.orderId,
    url.searchParams.get('orderId'),
    ORDER_PATH.exec(url.pathname)?.[1],
    typeof idempotencyKey === 'string'
      ? orderIdOfWorkflowId(idempotencyKey.split(':')[0])
      : undefined,
  ];
  return candidates.find(
    (candidate): candidate is string => typeof candidate === 'string' && ORDER_ID.test(candidate),
  );
}
