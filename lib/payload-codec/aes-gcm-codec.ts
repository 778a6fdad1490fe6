import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { PayloadEncryptionKey } from './encryption-keys.js';
import { payloadFromBytes, payloadToBytes } from './payload-bytes.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const ENCODING_METADATA = 'encoding';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload the codec cannot decrypt: unknown key, or changed since it was encrypted. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const text = new TextEncoder();
const fromText = new TextDecoder();

/**
 * Encrypts every payload (the whole serialized Payload, metadata included) with AES-256-GCM
 * under the first key; decrypts with whichever key its `encryption-key-id` names. The key id is
 * authenticated too, so relabelling a payload with another key's id fails like any tampering.
 * Payloads that are not `binary/encrypted` pass through decode unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly encryptingKey: PayloadEncryptionKey;
  private readonly keysById: ReadonlyMap<string, Buffer>;

  constructor(keys: readonly PayloadEncryptionKey[]) {
    const [first] = keys;
    if (!first) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.encryptingKey = first;
    this.keysById = new Map(keys.map(({ id, key }) => [id, key]));
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.encrypt(payload)));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.decrypt(payload)));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.encryptingKey;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(text.encode(id));
    const ciphertext = Buffer.concat([cipher.update(payloadToBytes(payload)), cipher.final()]);
    return {
      metadata: {
        [ENCODING_METADATA]: text.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: text.encode(id),
      },
      data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[ENCODING_METADATA];
    if (encoding === undefined || fromText.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (keyIdBytes === undefined) {
      throw new PayloadDecryptionError(`an encrypted payload has no ${KEY_ID_METADATA}`);
    }
    const keyId = fromText.decode(keyIdBytes);
    const key = this.keysById.get(keyId);
    if (key === undefined) {
      throw new PayloadDecryptionError(
        `payload encrypted with key "${keyId}", which PAYLOAD_ENCRYPTION_KEYS lacks ` +
          `(it has ${[...this.keysById.keys()].map((id) => `"${id}"`).join(', ')})`,
      );
    }
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(`encrypted payload of key "${keyId}" is truncated`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(keyIdBytes);
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    try {
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return payloadFromBytes(plain);
    } catch (error) {
      throw new PayloadDecryptionError(
        `encrypted payload of key "${keyId}" failed authentication: altered or not ours`,
        { cause: error },
      );
    }
  }
}
