import { randomBytes } from 'node:crypto';

/** An AES-256 key and the id stored next to every payload it encrypts. */
export interface PayloadEncryptionKey {
  id: string;
  key: Buffer;
}

export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export class PayloadEncryptionKeysError extends Error {
  override readonly name = 'PayloadEncryptionKeysError';
}

/**
 * Parses `keyId:base64,keyId:base64,…` (the format of PAYLOAD_ENCRYPTION_KEYS). The first key
 * encrypts; every key decrypts, so a new key goes first and the old ones stay until no history
 * needs them. Throws a PayloadEncryptionKeysError naming the bad entry, never quoting a key.
 */
export function parsePayloadEncryptionKeys(text: string): PayloadEncryptionKey[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new PayloadEncryptionKeysError('expected at least one keyId:base64Key entry');
  }
  const keys = entries.map((entry, index) => parseEntry(entry, index + 1));
  const seen = new Set<string>();
  for (const { id } of keys) {
    if (seen.has(id)) throw new PayloadEncryptionKeysError(`key id "${id}" appears twice`);
    seen.add(id);
  }
  return keys;
}

function parseEntry(entry: string, position: number): PayloadEncryptionKey {
  const separator = entry.indexOf(':');
  if (separator < 0) {
    throw new PayloadEncryptionKeysError(`entry ${position} is not keyId:base64Key`);
  }
  const id = entry.slice(0, separator);
  const encoded = entry.slice(separator + 1);
  if (!KEY_ID.test(id)) {
    throw new PayloadEncryptionKeysError(
      `entry ${position}: the key id must be 1–64 characters of A-Z a-z 0-9 . _ -`,
    );
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
    throw new PayloadEncryptionKeysError(`key "${id}" is not base64`);
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new PayloadEncryptionKeysError(
      `key "${id}" is ${key.length} bytes; AES-256 needs ${KEY_BYTES} (e.g. openssl rand -base64 32)`,
    );
  }
  return { id, key };
}

/** A new random key as one PAYLOAD_ENCRYPTION_KEYS entry. */
export function generatePayloadEncryptionKey(id: string): string {
  if (!KEY_ID.test(id)) throw new PayloadEncryptionKeysError(`bad key id "${id}"`);
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
