// The API's remote codec endpoint, as the Temporal Web UI calls it: POST /codec/encode and
// /codec/decode with an operator token, or from the local Web UI's origin in development.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultPayloadConverter } from '@temporalio/common';
import { startApi, type RunningApi } from '../../apps/api/start-api.js';
import {
  AesGcmPayloadCodec,
  generatePayloadEncryptionKey,
  parsePayloadEncryptionKeys,
  payloadsToJson,
  type RemoteCodecBody,
} from '../../lib/payload-codec/index.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import { ApiClient } from '../support/api-http.js';
import { createTestTokenSigner, type TestTokenSigner } from '../support/api-auth.js';
import { DEFAULT_CHECKOUT_POLICY } from '../../apps/api/orders/checkout-policy.js';

const WEB_UI = 'http://localhost:8233';
const ORDER = { paymentToken: 'tok_visa', shippingAddress: { name: 'Ada' } };

describe('the remote codec endpoint', () => {
  const keys = parsePayloadEncryptionKeys(generatePayloadEncryptionKey('k1'));
  let api: RunningApi;
  let signer: TestTokenSigner;
  let anonymous: ApiClient;
  let operator: ApiClient;
  let customer: ApiClient;
  const plain = payloadsToJson([defaultPayloadConverter.toPayload(ORDER)]);

  beforeAll(async () => {
    signer = await createTestTokenSigner();
    // No Temporal behind it: the codec needs none, and the client connects lazily.
    api = await startApi({
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      temporal: { address: '127.0.0.1:1', namespace: 'default', taskQueue: 'checkout' },
      payloadEncryptionKeys: keys,
      checkoutPolicy: DEFAULT_CHECKOUT_POLICY,
      participants: {
        inventoryUrl: 'http://127.0.0.1:1',
        paymentUrl: 'http://127.0.0.1:1',
        shippingUrl: 'http://127.0.0.1:1',
        timeoutMs: 1000,
      },
      codec: { localUiOrigins: [WEB_UI] },
      auth: signer.authConfig,
      paymentWebhookSecret: 'a-webhook-secret-of-at-least-32-characters',
    });
    anonymous = new ApiClient(api.url);
    operator = new ApiClient(api.url, await signer.sign({ sub: 'ops_1', roles: ['operator'] }));
    customer = new ApiClient(api.url, await signer.sign({ sub: 'cus_1', roles: ['customer'] }));
  });

  afterAll(async () => {
    await api.close();
  });

  it('encrypts and decrypts payloads for an operator', async () => {
    const encoded = await operator.post<RemoteCodecBody>('/codec/encode', plain);

    expect(encoded.status).toBe(200);
    const [encrypted] = encoded.body.payloads;
    expect(Buffer.from(encrypted?.metadata?.encoding ?? '', 'base64').toString()).toBe(
      'binary/encrypted',
    );
    expect(Buffer.from(encrypted?.data ?? '', 'base64').toString()).not.toContain('tok_visa');
    const decoded = await operator.post<RemoteCodecBody>('/codec/decode', encoded.body);
    expect(decoded).toMatchObject({ status: 200, body: plain });
  });

  it('refuses a caller without a token (401) and a customer (403)', async () => {
    const withoutToken = await anonymous.post<ProblemDocument>('/codec/decode', plain);
    const asCustomer = await customer.post<ProblemDocument>('/codec/decode', plain);

    expect(withoutToken.status).toBe(401);
    expect(withoutToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(asCustomer.status).toBe(403);
  });

  it('serves the local Web UI without a token, with CORS, and no other origin', async () => {
    const preflight = await fetch(`${api.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: WEB_UI,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    const fromWebUi = await anonymous.post('/codec/decode', plain, { origin: WEB_UI });
    const fromElsewhere = await anonymous.post('/codec/decode', plain, {
      origin: 'http://attacker.example',
    });

    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(WEB_UI);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
    expect(fromWebUi.status).toBe(200);
    expect(fromWebUi.headers.get('access-control-allow-origin')).toBe(WEB_UI);
    expect(fromElsewhere.status).toBe(401);
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 400 problem+json for what it cannot decrypt or read', async () => {
    const stranger = new AesGcmPayloadCodec(
      parsePayloadEncryptionKeys(generatePayloadEncryptionKey('k9')),
    );
    const foreign = payloadsToJson(
      await stranger.encode([defaultPayloadConverter.toPayload(ORDER)]),
    );

    const undecryptable = await operator.post<ProblemDocument>('/codec/decode', foreign);
    const malformed = await operator.post<ProblemDocument>('/codec/decode', {
      payloads: [{ data: 'not base64!' }],
    });

    expect(undecryptable.status).toBe(400);
    expect(undecryptable.body).toMatchObject({ code: 'PAYLOAD_UNDECRYPTABLE' });
    expect(undecryptable.body.detail).toContain('"k9"');
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toContain('application/problem+json');
  });
});
