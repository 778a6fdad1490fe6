import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ensureDevSigningKey } from '../../lib/auth-dev/index.js';
import {
  generatePayloadEncryptionKey,
  parsePayloadEncryptionKeys,
} from '../../lib/payload-codec/index.js';

/** What `npm start` generates once in its data folder and hands to the processes. */
export interface DevSecrets {
  /** SPKI PEM of the key that signs development tokens (`npm run token`). */
  authPublicKey: string;
  /** PAYLOAD_ENCRYPTION_KEYS: kept, so a restart still reads the histories it wrote. */
  payloadEncryptionKeys: string;
  /** PAYMENT_WEBHOOK_SECRET, shared by the payment service and the API. */
  paymentWebhookSecret: string;
}

export function devSecretPaths(dataDir: string) {
  return {
    payloadEncryptionKeys: join(dataDir, 'keys', 'payload-encryption-keys'),
    paymentWebhookSecret: join(dataDir, 'keys', 'payment-webhook-secret'),
  };
}

export async function ensureDevSecrets(dataDir: string): Promise<DevSecrets> {
  const paths = devSecretPaths(dataDir);
  const [authPublicKey, payloadEncryptionKeys, paymentWebhookSecret] = await Promise.all([
    ensureDevSigningKey(dataDir),
    ensureSecretFile(paths.payloadEncryptionKeys, () => generatePayloadEncryptionKey('dev-1')),
    ensureSecretFile(paths.paymentWebhookSecret, () => randomBytes(32).toString('base64url')),
  ]);
  try {
    parsePayloadEncryptionKeys(payloadEncryptionKeys);
  } catch (error) {
    throw new Error(`${paths.payloadEncryptionKeys}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { authPublicKey, payloadEncryptionKeys, paymentWebhookSecret };
}

/** The file's trimmed content; created with `generate()` (owner-only) when missing. */
async function ensureSecretFile(file: string, generate: () => string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = generate();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}
