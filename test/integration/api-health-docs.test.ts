import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HealthCheckResult } from '@nestjs/terminus';
import { startApi, type RunningApi } from '../../apps/api/start-api.js';
import { useApiHarness } from '../support/api-harness.js';
import { ApiClient } from '../support/api-http.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

describe('API: health and documentation', () => {
  const harness = useApiHarness();

  describe('GET /docs', () => {
    it('serves the Swagger UI', async () => {
      const response = await harness.anonymous.get<string>('/docs');

      expect(response.status).toBe(200);
      expect(response.contentType).toContain('text/html');
      expect(response.body).toContain('swagger-ui');
    });

    it('documents every route with its status codes and the problem shape', async () => {
      const { status, body } = await harness.anonymous.get<OpenApiDocument>('/docs-json');

      expect(status).toBe(200);
      const statuses = (path: string, method: string) =>
        Object.keys(body.paths[path]?.[method]?.responses ?? {}).sort();
      expect(statuses('/orders', 'post')).toEqual([
        '201',
        '202',
        '400',
        '401',
        '403',
        '422',
        '429',
        '503',
      ]);
      expect(statuses('/orders', 'get')).toEqual(['200', '400', '401', '403', '503']);
      expect(statuses('/orders/{orderId}/events', 'get')).toEqual([
        '200',
        '400',
        '401',
        '403',
        '404',
        '503',
      ]);
      expect(statuses('/orders/{orderId}', 'get')).toEqual([
        '200',
        '400',
        '401',
        '403',
        '404',
        '503',
      ]);
      expect(statuses('/orders/{orderId}/cancel', 'post')).toEqual([
        '202',
        '400',
        '401',
        '403',
        '404',
        '409',
        '503',
      ]);
      expect(statuses('/orders/{orderId}/payment-confirmation', 'post')).toEqual([
        '202',
        '400',
        '401',
        '403',
        '404',
        '409',
        '503',
      ]);
      expect(statuses('/health', 'get')).toEqual(['200', '503']);
      expect(Object.keys(body.components.schemas)).toEqual(
        expect.arrayContaining([
          'OrderRequest',
          'OrderState',
          'AcceptedOrder',
          'OrderPage',
          'OrderEventList',
          'Problem',
        ]),
      );
      expect(body.paths['/orders']?.post?.responses['400']).toEqual({
        description: expect.any(String),
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      });
    });
  });

  describe('GET /health', () => {
    it('is 200 when Temporal, the three services and the read model answer', async () => {
      const response = await harness.anonymous.get<HealthCheckResult>('/health');

      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ok');
      expect(Object.keys(response.body.details).sort()).toEqual([
        'inventory',
        'payment',
        'readModel',
        'shipping',
        'temporal',
      ]);
    });

    it('is 503 naming the service that is down', async () => {
      await harness.services.shipping.close();

      const response = await harness.anonymous.get<HealthCheckResult>('/health');

      expect(response.status).toBe(503);
      expect(response.body.status).toBe('error');
      expect(Object.keys(response.body.error ?? {})).toEqual(['shipping']);
      expect(response.body.details.temporal?.status).toBe('up');
      expect(response.body.details.shipping?.status).toBe('down');
    });

    describe('when Temporal is unreachable', () => {
      let unreachable: RunningApi;

      beforeAll(async () => {
        unreachable = await startApi({
          ...harness.config,
          temporal: { ...harness.config.temporal, address: '127.0.0.1:1' },
        });
      });

      afterAll(async () => {
        await unreachable.close();
      });

      it('starts anyway and reports Temporal down with 503', async () => {
        const response = await new ApiClient(unreachable.url).get<HealthCheckResult>('/health');

        expect(response.status).toBe(503);
        expect(response.body.details.temporal?.status).toBe('down');
      });

      it('answers order requests with 503 problem+json', async () => {
        const token = await harness.signer.sign({ sub: 'cus_any', roles: ['customer'] });
        const response = await new ApiClient(unreachable.url, token).get('/orders/ord_any');

        expect(response.status).toBe(503);
        expect(response.contentType).toContain('application/problem+json');
      });
    });
  });
});
