import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPair } from 'jose';
import { loadApiConfig } from '../../apps/api/api-env.js';
import type { AcceptedOrder, OrderPage } from '../../apps/api/orders/order-gateway.js';
import { ConfigurationError } from '../../lib/config/index.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { signToken, TEST_AUDIENCE, TEST_ISSUER } from '../support/api-auth.js';
import { useApiHarness } from '../support/api-harness.js';
import { ApiClient, eventually } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';

/** Every route that needs a token, with a body it would otherwise accept. */
const PROTECTED_ROUTES: [method: string, path: string, body: unknown][] = [
  ['GET', '/orders', undefined],
  ['POST', '/orders', orderRequest()],
  ['GET', '/orders/ord_any', undefined],
  ['POST', '/orders/ord_any/cancel', undefined],
  ['POST', '/orders/ord_any/payment-confirmation', undefined],
  ['POST', '/orders/ord_any/compensations/refundPayment/retry', undefined],
  ['POST', '/orders/ord_any/compensations/refundPayment/resolve', { reason: 'Refunded by hand' }],
];

describe('API: authentication and ownership', () => {
  const harness = useApiHarness();
  let alice: ApiClient;
  let bob: ApiClient;
  let operator: ApiClient;
  let alicesOrder: string;

  beforeAll(async () => {
    [alice, bob, operator] = await Promise.all([
      harness.customer(),
      harness.customer(),
      harness.operator(),
    ]);
    alicesOrder = (await placeOrder(alice, orderRequest({ paymentToken: 'tok_requiresAction' })))
      .orderId;
    await orderReaching(alice, alicesOrder, 'AWAITING_PAYMENT_CONFIRMATION');
  }, 120_000);

  function withToken(token: string): ApiClient {
    return new ApiClient(harness.anonymous.baseUrl, token);
  }

  describe('without a valid bearer token', () => {
    it.each(PROTECTED_ROUTES)(
      'answers %s %s with 401 problem+json and WWW-Authenticate: Bearer',
      async (method, path, body) => {
        const response = await harness.anonymous.send<ProblemDocument>(method, path, body);

        expect(response.status).toBe(401);
        expect(response.contentType).toContain('application/problem+json');
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
        expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      },
    );

    it('refuses tokens that are expired, foreign, forged or malformed', async () => {
      const claims = { sub: 'cus_mallory', roles: ['customer'] };
      const stranger = await generateKeyPair('ES256');
      const tokens = {
        expired: await harness.signer.sign(claims, { expiresIn: -60 }),
        otherIssuer: await harness.signer.sign(claims, { issuer: 'someone-else' }),
        otherAudience: await harness.signer.sign(claims, { audience: 'another-api' }),
        withoutExpiry: await harness.signer.sign(claims, { withoutExpiry: true }),
        forged: await signToken(stranger.privateKey, claims),
        unsigned: unsignedToken(claims),
        garbage: 'not.a.token',
      };

      for (const [kind, token] of Object.entries(tokens)) {
        const response = await withToken(token).get<ProblemDocument>('/orders');
        expect({ kind, status: response.status }).toEqual({ kind, status: 401 });
        expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      }
    });

    it('refuses an Authorization header that is not a bearer token', async () => {
      const response = await harness.anonymous.get<ProblemDocument>('/orders', {
        authorization: 'Basic YWxpY2U6c2VjcmV0',
      });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    });

    it('refuses with 403 a token without a known role', async () => {
      const token = await harness.signer.sign({ sub: 'cus_nobody', roles: ['admin'] });

      const response = await withToken(token).get<ProblemDocument>('/orders');

      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN', title: 'Forbidden' });
    });

    it('leaves /health and /docs open', async () => {
      expect((await harness.anonymous.get('/health')).status).toBe(200);
      expect((await harness.anonymous.get('/docs-json')).status).toBe(200);
    });
  });

  describe("another customer's order", () => {
    it('is a 404 exactly like an order that does not exist', async () => {
      const unknownId = `ord_${randomUUID().replace(/-/g, '')}`;
      const routes: [method: string, path: (orderId: string) => string][] = [
        ['GET', (orderId) => `/orders/${orderId}`],
        ['POST', (orderId) => `/orders/${orderId}/cancel`],
        ['POST', (orderId) => `/orders/${orderId}/payment-confirmation`],
      ];

      for (const [method, path] of routes) {
        const foreign = await bob.send<ProblemDocument>(method, path(alicesOrder));
        const unknown = await bob.send<ProblemDocument>(method, path(unknownId));

        expect(foreign.status).toBe(404);
        expect(foreign.body).toEqual({
          ...unknown.body,
          detail: unknown.body.detail?.replace(unknownId, alicesOrder),
        });
      }
      // Bob's attempts changed nothing: Alice's order still awaits her.
      const state = await alice.get<OrderState>(`/orders/${alicesOrder}`);
      expect(state.body.status).toBe('AWAITING_PAYMENT_CONFIRMATION');
    });

    it('is readable by an operator, who cannot act as its customer', async () => {
      const read = await operator.get<OrderState>(`/orders/${alicesOrder}`);
      const cancel = await operator.post<ProblemDocument>(`/orders/${alicesOrder}/cancel`);

      expect(read.status).toBe(200);
      expect(read.body.customerId).toBe(alice.callerId);
      expect(cancel.status).toBe(403);
    });
  });

  describe('POST /orders', () => {
    it("places the order for the token's customer when the body names none", async () => {
      const { orderId } = await placeOrder(alice);

      const state = await orderReaching(alice, orderId, 'COMPLETED');

      expect(state.customerId).toBe(alice.callerId);
    });

    it('accepts the caller’s own customerId and refuses another with 403', async () => {
      const own = await alice.post('/orders', orderRequest({ customerId: alice.callerId }));
      const other = await alice.post<ProblemDocument>(
        '/orders',
        orderRequest({ customerId: bob.callerId }),
      );

      expect([201, 202]).toContain(own.status);
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('FORBIDDEN');
    });

    it('is for customers: an operator gets 403', async () => {
      const response = await operator.post<ProblemDocument>('/orders', orderRequest());

      expect(response.status).toBe(403);
    });

    it("scopes the Idempotency-Key to the caller: one customer cannot take another's key", async () => {
      const headers = { 'Idempotency-Key': `shared-${randomUUID()}` };

      const bobs = await bob.post<AcceptedOrder>('/orders', orderRequest(), headers);
      const alices = await alice.post<AcceptedOrder>(
        '/orders',
        orderRequest({ items: [{ sku: 'SKU-002', quantity: 1 }] }),
        headers,
      );
      const alicesAgain = await alice.post<AcceptedOrder>(
        '/orders',
        orderRequest({ items: [{ sku: 'SKU-002', quantity: 1 }] }),
        headers,
      );

      for (const { status } of [bobs, alices, alicesAgain]) expect([201, 202]).toContain(status);
      expect(alices.body.orderId).not.toBe(bobs.body.orderId);
      expect(alicesAgain.body.orderId).toBe(alices.body.orderId);
      const bobsState = await orderReaching(bob, bobs.body.orderId, 'COMPLETED');
      expect(bobsState.customerId).toBe(bob.callerId);
    });
  });

  describe('operator routes', () => {
    it('are refused to customers with 403', async () => {
      const retry = await alice.post<ProblemDocument>(
        `/orders/${alicesOrder}/compensations/refundPayment/retry`,
      );
      const resolve = await alice.post<ProblemDocument>(
        `/orders/${alicesOrder}/compensations/refundPayment/resolve`,
        { reason: 'I did it myself' },
      );

      expect(retry.status).toBe(403);
      expect(resolve.status).toBe(403);
    });
  });

  describe('GET /orders', () => {
    it('lists every customer’s orders for an operator', async () => {
      await eventually(async () => {
        const page = await operator.get<OrderPage>('/orders?pageSize=100');
        const customers = new Set(page.body.orders.map((order) => order.customerId));
        expect(customers).toEqual(new Set([alice.callerId, bob.callerId]));
      });
    });
  });

  describe('the OpenAPI document', () => {
    it('declares the bearer scheme on every /orders operation', async () => {
      const { body } = await harness.anonymous.get<OpenApiDocument>('/docs-json');

      expect(body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      });
      const operations = Object.entries(body.paths)
        .filter(([path]) => path.startsWith('/orders'))
        .flatMap(([, methods]) => Object.values(methods));
      expect(operations.length).toBeGreaterThanOrEqual(7);
      for (const operation of operations) {
        expect(operation.security).toEqual([{ bearer: [] }]);
      }
    });
  });

  describe('configuration', () => {
    const base = {
      PAYMENT_WEBHOOK_SECRET: 'x'.repeat(32),
      PAYLOAD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    };

    it('refuses to start without a way to verify tokens, naming the variables', () => {
      expect(() => loadApiConfig(base)).toThrow(ConfigurationError);
      expect(() => loadApiConfig(base)).toThrow(/AUTH_JWKS_URL.*AUTH_PUBLIC_KEY/);
    });

    it('refuses both key sources at once, and a public key that is not SPKI PEM', () => {
      const both = {
        ...base,
        AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
        AUTH_PUBLIC_KEY: harness.signer.publicKeyPem,
      };
      const notPem = { ...base, AUTH_PUBLIC_KEY: 'ssh-ed25519 AAAA' };

      expect(() => loadApiConfig(both)).toThrow(/not both/);
      expect(() => loadApiConfig(notPem)).toThrow(/AUTH_PUBLIC_KEY: must be a public key/);
    });

    it('reads the issuer, audience and key', () => {
      const config = loadApiConfig({
        ...base,
        AUTH_PUBLIC_KEY: harness.signer.publicKeyPem,
        AUTH_ISSUER: TEST_ISSUER,
        AUTH_AUDIENCE: TEST_AUDIENCE,
      });

      expect(config.auth).toMatchObject({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
      expect('publicKey' in config.auth.keys).toBe(true);
    });
  });
});

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown }>>;
  components: { securitySchemes: Record<string, unknown> };
}

/** A token with `alg: none`: claims anyone can write. */
function unsignedToken(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 600;
  return `${part({ alg: 'none' })}.${part({ ...claims, iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp })}.`;
}
