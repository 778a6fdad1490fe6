import { createHash, randomBytes } from 'node:crypto';

/**
 * What an order id may look like in a path. The API mints `ord_<32 hex>`; the wider pattern also
 * admits orders started by other tools, and keeps ids safe in logs and visibility queries.
 */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function newOrderId(): string {
  return `ord_${randomBytes(16).toString('hex')}`;
}

/**
 * The same caller's Idempotency-Key always names the same order, so a retried request lands on the
 * workflow the first one started; another caller's same key names another order, so nobody can
 * take a key someone else will use. Hashing keeps any key the client picks out of ids, logs and
 * queries.
 */
export function orderIdForIdempotencyKey(callerId: string, key: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(['idempotency-key', callerId, key]))
    .digest('hex');
  return `ord_${digest.slice(0, 32)}`;
}
