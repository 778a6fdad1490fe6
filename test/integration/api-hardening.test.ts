import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ProblemDocument } from '../../lib/nest/index.js';
import { useApiHarness } from '../support/api-harness.js';
import { readResult, type ApiClient, type HttpResult } from '../support/api-http.js';
import { orderRequest } from '../support/api-orders.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

interface Parameter {
  name: string;
  in: string;
  schema?: { pattern?: string };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
}

describe('API: inputs that never cause a 5xx', () => {
  const harness = useApiHarness();
  let customer: ApiClient;
  let token: string;

  beforeAll(async () => {
    customer = await harness.customer();
    token = await harness.signer.sign({ sub: customer.callerId, roles: ['customer'] });
  });

  /** POST /orders with a body sent as is. */
  async function postRaw(body: string, contentType: string): Promise<HttpResult<ProblemDocument>> {
    const response = await fetch(`${harness.anonymous.baseUrl}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    return readResult(response);
  }

  describe('request bodies', () => {
    it('answers a body over 16 KiB with 413 problem+json', async () => {
      const body = JSON.stringify({ ...orderRequest(), padding: 'x'.repeat(17 * 1024) });

      const response = await postRaw(body, 'application/json');

      expect(response.status).toBe(413);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.code).toEqual(expect.any(String));
    });

    it('answers a body that is not JSON, or not UTF-8, with 415 problem+json', async () => {
      const text = await postRaw('customer=me', 'text/plain');
      const form = await postRaw('customer=me', 'application/x-www-form-urlencoded');
      const latin1 = await postRaw(
        JSON.stringify(orderRequest()),
        'application/json; charset=latin1',
      );

      for (const response of [text, form, latin1]) {
        expect(response.status).toBe(415);
        expect(response.contentType).toContain('application/problem+json');
        expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      }
    });

    it('answers malformed JSON with 400 problem+json', async () => {
      const response = await postRaw('{"items": [', 'application/json');

      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
    });

    it('refuses control characters and unpaired surrogates in any string with 400', async () => {
      const nul = await customer.post<ProblemDocument>(
        '/orders',
        orderRequest({ shippingAddress: { ...SAMPLE_ADDRESS, name: 'Ada\u0000Lovelace' } }),
      );
      const surrogate = await postRaw(
        JSON.stringify(orderRequest()).replace('1 Main St', '1 Main \\ud800St'),
        'application/json',
      );

      expect(nul.status).toBe(400);
      expect(surrogate.status).toBe(400);
    });
  });

  describe('paths and queries', () => {
    it('answers %00 and other malformed ids in a path or query with 400', async () => {
      const responses = await Promise.all([
        customer.get<ProblemDocument>('/orders/ord_1%00'),
        customer.get<ProblemDocument>('/orders/%E0%A4%A'),
        customer.get<ProblemDocument>(`/orders/${'a'.repeat(65)}`),
        customer.get<ProblemDocument>('/orders?customerId=%00'),
        customer.post<ProblemDocument>('/orders/ord_1%00/cancel'),
      ]);

      for (const response of responses) {
        expect(response.status).toBe(400);
        expect(response.contentType).toContain('application/problem+json');
      }
    });

    it('answers an undeclared method on a declared path with 405 and Allow', async () => {
      const deleteOrder = await customer.send<ProblemDocument>('DELETE', '/orders/ord_1');
      const putOrders = await customer.send<ProblemDocument>('PUT', '/orders', orderRequest());
      const getCancel = await customer.get<ProblemDocument>('/orders/ord_1/cancel');

      expect(deleteOrder.status).toBe(405);
      expect(deleteOrder.headers.get('allow')).toBe('GET, HEAD');
      expect(deleteOrder.contentType).toContain('application/problem+json');
      expect(putOrders.status).toBe(405);
      expect(putOrders.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(getCancel.status).toBe(405);
      expect(getCancel.headers.get('allow')).toBe('POST');
    });

    it('answers an unknown path with 404', async () => {
      const response = await customer.get<ProblemDocument>('/ordres');

      expect(response.status).toBe(404);
    });
  });

  describe('X-Request-Id', () => {
    it('echoes a well-formed id and replaces a malformed or overlong one', async () => {
      const wellFormed = await customer.get('/orders', { 'x-request-id': 'req-123.abc' });
      const overlong = await customer.get('/orders', { 'x-request-id': 'r'.repeat(500) });
      const withSpaces = await customer.get('/orders', { 'x-request-id': 'a b<script>' });

      expect(wellFormed.headers.get('x-request-id')).toBe('req-123.abc');
      for (const response of [overlong, withSpaces]) {
        const id = response.headers.get('x-request-id') ?? '';
        expect(id).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });

  describe('the OpenAPI document', () => {
    it('declares the pattern of every id in a path, query or header', async () => {
      const { body } = await harness.anonymous.get<OpenApiDocument>('/docs-json');

      const parameters = Object.entries(body.paths)
        .filter(([path]) => path.startsWith('/orders'))
        .flatMap(([, methods]) => Object.values(methods))
        .flatMap((operation) => operation.parameters ?? []);
      const patternOf = (name: string) =>
        new Set(parameters.filter((p) => p.name === name).map((p) => p.schema?.pattern));

      for (const name of ['orderId', 'name', 'customerId', 'pageToken', 'Idempotency-Key']) {
        const patterns = patternOf(name);
        expect({ name, patterns: [...patterns].every((p) => typeof p === 'string') }).toEqual({
          name,
          patterns: true,
        });
        expect(patterns.size).toBe(1);
      }
      const [pageToken] = patternOf('pageToken');
      expect(new RegExp(pageToken ?? '$^').test('bm90LWEtdG9rZW4.AAAAAAAAAAAA')).toBe(true);
      const [idempotencyKey] = patternOf('Idempotency-Key');
      expect(new RegExp(idempotencyKey ?? '$^').test('5f0c7d0e-checkout-1')).toBe(true);
    });
  });
});
