import { createHash } from 'node:crypto';

/** Where the next page starts: after this order in newest-first order. */
export interface PageCursor {
  /** created_at in microseconds since the epoch: exact, unlike a JavaScript Date. */
  createdAtMicros: string;
  orderId: string;
}

/** base64url bytes, a dot, a checksum: the same form the API hands out. */
export const PAGE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{12}$/;

export function encodePageToken(cursor: PageCursor): string {
  const body = Buffer.from(JSON.stringify([cursor.createdAtMicros, cursor.orderId])).toString(
    'base64url',
  );
  return `${body}.${checksum(body)}`;
}

/** The cursor of a token this service handed out, or undefined for anything else. */
export function decodePageToken(token: string): PageCursor | undefined {
  if (!PAGE_TOKEN_PATTERN.test(token)) return undefined;
  const [body = '', sum] = token.split('.');
  if (checksum(body) !== sum) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^-?\d{1,20}$/.test(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return { createdAtMicros: value[0], orderId: value[1] };
    }
  } catch {
    // Not JSON: not one of ours.
  }
  return undefined;
}

function checksum(body: string): string {
  return createHash('sha256').update(`order-page:${body}`).digest('base64url').slice(0, 12);
}
