import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../lib/participant/idempotency/fingerprint.js';

/**
 * A digest of a request that does not depend on the order of its object keys: two requests with
 * the same fingerprint asked for the same thing.
 */
export function requestFingerprint(request: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(request)).digest('hex')}`;
}
