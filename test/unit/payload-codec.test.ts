import { describe, expect, it } from '@jest/globals';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  generatePayloadEncryptionKey,
  parsePayloadEncryptionKeys,
  payloadCodecEnv,
  payloadsFromJson,
  payloadsToJson,
  PayloadDecryptionError,
} from '../../lib/payload-codec/index.js';
import { apiEnv } from '../../apps/api/api-env.js';
import { workerEnv } from '../../apps/worker/worker-env.js';
import { loadEnv } from '../../lib/config/index.js';

const ORDER = {
  paymentToken: 'tok_visa',
  shippingAddress: { name: 'Ada Lovelace', line1: '12 Secret Lane' },
};
const keys = (...ids: string[]) =>
  parsePayloadEncryptionKeys(ids.map((id) => generatePayloadEncryptionKey(id)).join(','));
const text = (payload: Payload) => Buffer.from(payload.data ?? []).toString('latin1');
const metadataText = (payload: Payload, key: string) =>
  Buffer.from(payload.metadata?.[key] ?? []).toString('utf8');

describe('the AES-256-GCM payload codec', () => {
  const plain = [defaultPayloadConverter.toPayload(ORDER), defaultPayloadConverter.toPayload(null)];

  it('round-trips payloads, metadata included, and hides their content', async () => {
    const codec = new AesGcmPayloadCodec(keys('k1'));

    const encoded = await codec.encode(plain);

    expect(encoded.map((payload) => metadataText(payload, 'encoding'))).toEqual([
      'binary/encrypted',
      'binary/encrypted',
    ]);
    expect(encoded.map((payload) => metadataText(payload, 'encryption-key-id'))).toEqual([
      'k1',
      'k1',
    ]);
    for (const secret of ['tok_visa', 'Ada Lovelace', 'Secret Lane', 'json/plain']) {
      expect(encoded.map(text).join('')).not.toContain(secret);
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([
      ORDER,
      null,
    ]);
    expect(metadataText(decoded[0] ?? {}, 'encoding')).toBe('json/plain');
  });

  it('encrypts twice the same payload differently (a fresh IV each time)', async () => {
    const codec = new AesGcmPayloadCodec(keys('k1'));
    const [first, second] = await codec.encode([plain[0] ?? {}, plain[0] ?? {}]);
    expect(text(first ?? {})).not.toEqual(text(second ?? {}));
  });

  it('rotates: the first key encrypts, every key decrypts', async () => {
    const [oldKey, newKey] = keys('2025-01', '2026-01');
    if (!oldKey || !newKey) throw new Error('two keys expected');
    const before = await new AesGcmPayloadCodec([oldKey]).encode(plain);
    const rotated = new AesGcmPayloadCodec([newKey, oldKey]);

    const after = await rotated.encode(plain);

    expect(after.map((payload) => metadataText(payload, 'encryption-key-id'))).toEqual([
      '2026-01',
      '2026-01',
    ]);
    const decoded = await rotated.decode([...before, ...after]);
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([
      ORDER,
      null,
      ORDER,
      null,
    ]);
  });

  it('detects a changed ciphertext, and a payload relabelled with another key id', async () => {
    const [k1, k2] = keys('k1', 'k2');
    if (!k1 || !k2) throw new Error('two keys expected');
    const codec = new AesGcmPayloadCodec([k1, k2]);
    const [encrypted] = await codec.encode([plain[0] ?? {}]);
    if (!encrypted?.data) throw new Error('no data');
    const flipped = Buffer.from(encrypted.data);
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    const relabelled = {
      ...encrypted,
      metadata: { ...encrypted.metadata, 'encryption-key-id': Buffer.from('k2') },
    };

    await expect(codec.decode([{ ...encrypted, data: flipped }])).rejects.toThrow(
      'encrypted payload of key "k1" failed authentication: altered or not ours',
    );
    await expect(codec.decode([relabelled])).rejects.toBeInstanceOf(PayloadDecryptionError);
    await expect(
      codec.decode([{ ...encrypted, data: encrypted.data.subarray(0, 10) }]),
    ).rejects.toThrow('truncated');
  });

  it('names an unknown key id and the ids it has, never a key', async () => {
    const [encrypted] = await new AesGcmPayloadCodec(keys('retired')).encode([plain[0] ?? {}]);
    const codec = new AesGcmPayloadCodec(keys('current', 'previous'));

    await expect(codec.decode([encrypted ?? {}])).rejects.toThrow(
      'payload encrypted with key "retired", which PAYLOAD_ENCRYPTION_KEYS lacks (it has "current", "previous")',
    );
  });

  it('leaves payloads that were never encrypted as they are on decode', async () => {
    const codec = new AesGcmPayloadCodec(keys('k1'));
    expect(await codec.decode(plain)).toEqual(plain);
  });

  it('speaks the remote codec protocol’s JSON both ways', async () => {
    const codec = new AesGcmPayloadCodec(keys('k1'));
    const json = payloadsToJson(await codec.encode(plain));

    expect(json.payloads[0]?.metadata?.encoding).toBe(
      Buffer.from('binary/encrypted').toString('base64'),
    );
    const decoded = await codec.decode(payloadsFromJson(json));
    expect(defaultPayloadConverter.fromPayload(decoded[0] ?? {})).toEqual(ORDER);
  });
});

describe('PAYLOAD_ENCRYPTION_KEYS', () => {
  const load = (value?: string) => () =>
    loadEnv(
      'worker',
      payloadCodecEnv,
      value === undefined ? {} : { PAYLOAD_ENCRYPTION_KEYS: value },
    );
  const key = Buffer.alloc(32, 7).toString('base64');

  it('parses keyId:base64 entries in order, the first being the one that encrypts', () => {
    const parsed = load(`new:${key}, old:${Buffer.alloc(32, 1).toString('base64')}`)();
    expect(parsed.PAYLOAD_ENCRYPTION_KEYS.map(({ id }) => id)).toEqual(['new', 'old']);
    expect(parsed.PAYLOAD_ENCRYPTION_KEYS[0]?.key).toEqual(Buffer.alloc(32, 7));
  });

  it.each([
    [undefined, 'PAYLOAD_ENCRYPTION_KEYS: required: comma-separated keyId:base64 entries'],
    [' , ', 'expected at least one keyId:base64Key entry'],
    [key, 'entry 1 is not keyId:base64Key'],
    [`bad id:${key}`, 'entry 1: the key id must be'],
    ['k1:not base64!', 'key "k1" is not base64'],
    [`k1:${Buffer.alloc(16).toString('base64')}`, 'key "k1" is 16 bytes; AES-256 needs 32'],
    [`k1:${key},k1:${key}`, 'key id "k1" appears twice'],
  ])('refuses %p with a clear error', (value, message) => {
    expect(load(value)).toThrow(message);
    if (value) expect(load(value)).not.toThrow(value.split(':')[1] ?? value);
  });

  it('is required by the API and by the worker, which share the keys', () => {
    for (const schema of [apiEnv, workerEnv]) {
      expect(() => loadEnv('process', schema, {})).toThrow(
        /PAYLOAD_ENCRYPTION_KEYS: required: comma-separated keyId:base64 entries/,
      );
    }
  });
});
