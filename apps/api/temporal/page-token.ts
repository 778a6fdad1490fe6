import { createHash } from 'node:crypto';
import { InvalidPageToken } from '../orders/order-errors.js';

/**
 * Temporal's page tokens are opaque bytes, and the server answers a garbled one with an error it
 * retries. Clients get them as URL-safe text with a checksum, so a token that did not come from
 * this API is refused at once.
 */
export function encodePageToken(token: Uint8Array | null | undefined): string | null {
  if (!token || token.length === 0) return null;
  const bytes = Buffer.from(token);
  return `${bytes.toString('base64url')}.${checksum(bytes)}`;
}

export function decodePageToken(token: string | undefined): Uint8Array | undefined {
  if (token === undefined) return undefined;
  const [encoded = '', sum, ...rest] = token.split('.');
  const bytes = Buffer.from(encoded, 'base64url');
  if (rest.length > 0 || bytes.length === 0 || sum !== checksum(bytes)) {
    throw new InvalidPageToken();
  }
  return bytes;
}

function checksum(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 12);
}
