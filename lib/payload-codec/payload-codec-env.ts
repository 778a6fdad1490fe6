import type { DataConverter } from '@temporalio/common';
import { z } from 'zod';
import { AesGcmPayloadCodec } from './aes-gcm-codec.js';
import {
  parsePayloadEncryptionKeys,
  PayloadEncryptionKeysError,
  type PayloadEncryptionKey,
} from './encryption-keys.js';

const FORMAT = 'comma-separated keyId:base64 entries of 32-byte keys';

/** The variable the API and the worker both require: the same keys on both sides. */
export const payloadCodecEnv = z.object({
  PAYLOAD_ENCRYPTION_KEYS: z
    .string({ error: `required: ${FORMAT} (npm start generates one)` })
    .transform((text, context): PayloadEncryptionKey[] => {
      try {
        return parsePayloadEncryptionKeys(text);
      } catch (error) {
        if (!(error instanceof PayloadEncryptionKeysError)) throw error;
        context.addIssue({ code: 'custom', message: `${error.message} (${FORMAT})` });
        return z.NEVER;
      }
    })
    .describe(
      'AES-256-GCM keys of the Temporal payloads, `keyId:base64(32 bytes)`, comma-separated: the first encrypts, all decrypt (rotate by putting a new key first). Required; the API and the worker need the same keys. `npm start` generates one in its data folder.',
    ),
});

/** Encrypts every payload the process sends to Temporal and decrypts what it reads. */
export function encryptingDataConverter(keys: readonly PayloadEncryptionKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}
