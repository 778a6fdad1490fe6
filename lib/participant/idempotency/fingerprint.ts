import { createHash } from 'node:crypto';

/**
 * Identifies a request independently of JSON key order and whitespace:
 * `<METHOD> <path> <sha256 of the canonical body>`. No body counts as `{}`.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const hash = createHash('sha256')
    .update(canonicalJson(body ?? {}))
    .digest('hex');
  return `${method.toUpperCase()} ${path} ${hash}`;
}

/** JSON with object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([key, nested]) => [key, sortKeys(nested)]));
}
