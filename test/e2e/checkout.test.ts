// The checkout through the whole system as `npm start` runs it: Temporal dev server, embedded
// PostgreSQL, the three services, the worker and the API, all as separate processes over HTTP.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AcceptedOrder, OrderPage } from '../../apps/api/orders/order-gateway.js';
import { orderIdForIdempotencyKey } from '../../apps/api/orders/order-ids.js';
import { BANNER_HEADLINE } from '../../apps/launcher/banner.js';
import { readDevPrivateKey, signDevToken } from '../../lib/auth-dev/index.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';
import {
  authenticateCharge,
  COMPLETED_STATUSES,
  participantStatuses,
} from '../support/e2e-participants.js';
import { rawHistory } from '../support/e2e-raw-history.js';
import { removeDataDir, startStack, type E2eStack } from '../support/e2e-stack.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

describe('checkout, end to end on the stack of npm start', () => {
  let stack: E2eStack;
  /** A customer with a token signed by the launcher's development key. */
  let customer: ApiClient;

  beforeAll(async () => {
    stack = await startStack();
    customer = await stack.customer();
    console.log(`e2e stack (checkout) up in ${stack.startSeconds.toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    await stack.stop();
    await removeDataDir(stack.dataDir);
  }, 120_000);

  it('prints a banner whose URLs answer: the API, its Swagger UI and the Temporal Web UI', async () => {
    const customerToken = async () =>
      signDevToken({
        privateKeyPem: await readDevPrivateKey(stack.dataDir),
        subject: 'cus_123',
        roles: ['customer'],
      });
    const banner = stack.output().slice(stack.output().indexOf(BANNER_HEADLINE));
    const urls = [...banner.matchAll(/https?:\/\/\S+/g)].map(([url]) => url);

    expect(urls).toEqual(
      expect.arrayContaining([
        `http://localhost:${stack.ports.API_PORT}`,
        `http://localhost:${stack.ports.API_PORT}/docs`,
        `http://localhost:${stack.ports.TEMPORAL_UI_PORT}`,
        expect.stringMatching(/\/namespaces\/default\/workflows\?query=.*OrderStatus/),
      ]),
    );
    for (const url of urls) {
      // The API's and the read model's own URLs are their origins: their health answers there.
      const origins = [
        `http://localhost:${stack.ports.API_PORT}`,
        `http://127.0.0.1:${stack.ports.READ_MODEL_PORT}`,
      ];
      const target = origins.includes(url) ? `${url}/health` : url;
      // The banner's curl example sends a token of `npm run token`.
      const headers = target.endsWith('/orders')
        ? { authorization: `Bearer ${await customerToken()}` }
        : undefined;
      const response = await fetch(target, { headers });
      expect({ url: target, status: response.status }).toEqual({ url: target, status: 200 });
      await response.body?.cancel();
    }
  });

  it('completes a tok_visa order: reservation confirmed, card charged, shipment scheduled', async () => {
    const { orderId } = await placeOrder(customer);

    const state = await orderReaching(customer, orderId, 'COMPLETED');

    expect(state).toMatchObject({
      items: [{ sku: 'SKU-001', quantity: 2, unitPrice: 24900 }],
      total: { amount: 49800, currency: 'USD' },
      compensations: [],
    });
    expect(await participantStatuses(stack, orderId)).toEqual(COMPLETED_STATUSES);
  });

  it("serves the saga's metrics on the worker's /metrics, in seconds, without order or customer ids", async () => {
    const { orderId } = await placeOrder(customer);
    const { customerId } = await orderReaching(customer, orderId, 'COMPLETED');

    const metrics = await eventually(async () => {
      const text = await (
        await fetch(`http://127.0.0.1:${stack.ports.WORKER_METRICS_PORT}/metrics`)
      ).text();
      expect(text).toMatch(
        /^checkout_orders_finished_total\{[^}]*status="COMPLETED"[^}]*\} [1-9]/m,
      );
      return text;
    });
    // Buckets in seconds: a completed order lands well below the 5-second alert threshold.
    expect(metrics).toMatch(/^checkout_order_duration_seconds_bucket\{[^}]*le="5"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(
      /^checkout_step_duration_seconds_bucket\{[^}]*outcome="completed"[^}]*step="reserveInventory"|^checkout_step_duration_seconds_bucket\{[^}]*step="reserveInventory"[^}]*outcome="completed"/m,
    );
    expect(metrics).not.toContain(orderId);
    expect(metrics).not.toContain(customerId);
  });

  describe('a business failure ends FAILED with the completed steps rolled back', () => {
    it.each([
      {
        failure: 'out of stock',
        overrides: { items: [{ sku: 'SKU-SCARCE', quantity: 6 }] },
        expected: { step: 'reserveInventory', code: 'INSUFFICIENT_STOCK' },
        rolledBack: { reservations: [], charges: [], shipments: [] },
      },
      {
        failure: 'a declined card',
        overrides: { paymentToken: 'tok_chargeDeclined' },
        expected: { step: 'chargePayment', code: 'PAYMENT_DECLINED' },
        rolledBack: { reservations: ['RELEASED'], charges: ['DECLINED'], shipments: [] },
      },
      {
        failure: 'an undeliverable address',
        overrides: {
          shippingAddress: { ...SAMPLE_ADDRESS, country: 'AQ' },
        },
        expected: { step: 'scheduleShipping', code: 'ADDRESS_UNDELIVERABLE' },
        rolledBack: { reservations: ['RELEASED'], charges: ['REFUNDED'], shipments: [] },
      },
    ])('$failure', async ({ overrides, expected, rolledBack }) => {
      const { orderId } = await placeOrder(customer, orderRequest(overrides));

      const state = await orderReaching(customer, orderId, 'FAILED');

      expect(state.failure).toMatchObject(expected);
      expect(await participantStatuses(stack, orderId)).toEqual(rolledBack);
    });
  });

  describe('a card that needs the customer’s action (tok_requiresAction)', () => {
    async function orderAwaitingConfirmation(): Promise<{ orderId: string; chargeUrl: string }> {
      const { orderId } = await placeOrder(
        customer,
        orderRequest({ paymentToken: 'tok_requiresAction' }),
      );
      const state = await orderReaching(customer, orderId, 'AWAITING_PAYMENT_CONFIRMATION');
      expect(await participantStatuses(stack, orderId)).toEqual({
        reservations: ['HELD'],
        charges: ['REQUIRES_ACTION'],
        shipments: [],
      });
      const chargeUrl = state.paymentAction?.url ?? '';
      expect(chargeUrl).toMatch(
        new RegExp(
          `^http://127\\.0\\.0\\.1:${stack.ports.PAYMENT_PORT}/charges/[^/]+/authenticate$`,
        ),
      );
      return { orderId, chargeUrl };
    }

    it('completes only once the challenge is approved at the payment service (webhook to the API)', async () => {
      const { orderId, chargeUrl } = await orderAwaitingConfirmation();

      const recheck = await customer.post(`/orders/${orderId}/payment-confirmation`);

      expect(recheck.status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await customer.get<OrderState>(`/orders/${orderId}`)).body.status).toBe(
        'AWAITING_PAYMENT_CONFIRMATION',
      );

      await authenticateCharge(chargeUrl, 'approve');

      await orderReaching(customer, orderId, 'COMPLETED');
      expect(await participantStatuses(stack, orderId)).toEqual(COMPLETED_STATUSES);
    });

    it('rolls back when the challenge is denied: FAILED, charge declined, stock released', async () => {
      const { orderId, chargeUrl } = await orderAwaitingConfirmation();

      await authenticateCharge(chargeUrl, 'deny');

      const state = await orderReaching(customer, orderId, 'FAILED');
      expect(state.failure).toMatchObject({ step: 'chargePayment' });
      expect(await participantStatuses(stack, orderId)).toEqual({
        reservations: ['RELEASED'],
        charges: ['DECLINED'],
        shipments: [],
      });
    });

    it('is cancellable before the confirmation: CANCELLED, charge canceled, stock released', async () => {
      const { orderId } = await orderAwaitingConfirmation();

      const response = await customer.post(`/orders/${orderId}/cancel`, {
        reason: 'Changed my mind',
      });

      expect(response.status).toBe(202);
      const state = await orderReaching(customer, orderId, 'CANCELLED');
      expect(state.failure).toMatchObject({ code: 'CANCELLED_BY_CUSTOMER' });
      expect(await participantStatuses(stack, orderId)).toEqual({
        reservations: ['RELEASED'],
        charges: ['CANCELED'],
        shipments: [],
      });
    });
  });

  it('refuses to cancel a completed order with 409', async () => {
    const { orderId } = await placeOrder(customer);
    await orderReaching(customer, orderId, 'COMPLETED');

    const response = await customer.post<ProblemDocument>(`/orders/${orderId}/cancel`, {});

    expect(response.status).toBe(409);
    expect(response.contentType).toContain('application/problem+json');
    expect(await participantStatuses(stack, orderId)).toEqual(COMPLETED_STATUSES);
  });

  it('makes one order of the same Idempotency-Key sent twice', async () => {
    const request = orderRequest();
    const headers = { 'Idempotency-Key': `e2e-${randomUUID()}` };
    const buyer = await stack.customer();

    const first = await buyer.post<AcceptedOrder>('/orders', request, headers);
    const second = await buyer.post<AcceptedOrder>('/orders', request, headers);

    // Each answer is 201 or 202 on its own: the repeat may find the reservation settled when the
    // first answer did not wait long enough to see it.
    expect([201, 202]).toContain(first.status);
    expect([201, 202]).toContain(second.status);
    expect(second.body.orderId).toBe(first.body.orderId);
    await orderReaching(buyer, first.body.orderId, 'COMPLETED');
    const page = await eventually(async () => {
      const listed = await buyer.get<OrderPage>('/orders');
      expect(listed.body.orders.map((order) => order.status)).toEqual(['COMPLETED']);
      return listed.body;
    });
    expect(page.orders.map((order) => order.orderId)).toEqual([first.body.orderId]);
    expect(await participantStatuses(stack, first.body.orderId)).toEqual(COMPLETED_STATUSES);
  });

  it('answers 400 naming each bad field, and starts nothing', async () => {
    const key = `e2e-invalid-${randomUUID()}`;

    const response = await customer.post<ProblemDocument>(
      '/orders',
      { ...orderRequest({ items: [{ sku: 'SKU-001', quantity: 0 }] }), paymentToken: '' },
      { 'Idempotency-Key': key },
    );

    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body.errors?.map((error) => error.field).sort()).toEqual([
      'items[0].quantity',
      'paymentToken',
    ]);
    const orderId = orderIdForIdempotencyKey(customer.callerId, key);
    expect((await customer.get(`/orders/${orderId}`)).status).toBe(404);
    expect(await participantStatuses(stack, orderId)).toEqual({
      reservations: [],
      charges: [],
      shipments: [],
    });
  });

  it('lists orders filtered by status (and customer)', async () => {
    const buyer = await stack.customer();
    const completed = await placeOrder(buyer, orderRequest());
    const failed = await placeOrder(buyer, orderRequest({ paymentToken: 'tok_chargeDeclined' }));
    await orderReaching(buyer, completed.orderId, 'COMPLETED');
    await orderReaching(buyer, failed.orderId, 'FAILED');

    const list = async (query: string) => {
      const response = await buyer.get<OrderPage>(`/orders?pageSize=50${query}`);
      expect(response.status).toBe(200);
      return response.body.orders.map(({ orderId, status }) => ({ orderId, status }));
    };

    await eventually(async () => {
      expect(await list('&status=COMPLETED')).toEqual([
        { orderId: completed.orderId, status: 'COMPLETED' },
      ]);
      expect(await list('&status=FAILED')).toEqual([{ orderId: failed.orderId, status: 'FAILED' }]);
      expect(await list('')).toHaveLength(2);
    });
    expect(await list('&status=CANCELLED')).toEqual([]);
  });

  describe('security', () => {
    it('answers 401 with WWW-Authenticate: Bearer on every /orders route without a token', async () => {
      const { orderId } = await placeOrder(customer);
      const document = await stack.api.get<{ paths: Record<string, Record<string, unknown>> }>(
        '/docs-json',
      );
      const routes = Object.entries(document.body.paths)
        .filter(([path]) => path.startsWith('/orders'))
        .flatMap(([path, operations]) =>
          Object.keys(operations).map((method): [string, string, unknown?] => [
            method.toUpperCase(),
            path.replace('{orderId}', orderId).replace('{name}', 'refundPayment'),
            method === 'post' ? {} : undefined,
          ]),
        );
      expect(routes.length).toBeGreaterThanOrEqual(5);

      const answers = await Promise.all(
        routes.map(async ([method, path, body]) => {
          const response = await stack.api.send(method, path, body);
          return {
            route: `${method} ${path}`,
            status: response.status,
            challenge: response.headers.get('www-authenticate')?.split(' ')[0],
          };
        }),
      );

      expect(answers).toEqual(
        routes.map(([method, path]) => ({
          route: `${method} ${path}`,
          status: 401,
          challenge: 'Bearer',
        })),
      );
    });

    it('keeps a customer away from another customer’s order, as if it did not exist', async () => {
      const { orderId } = await placeOrder(
        customer,
        orderRequest({ paymentToken: 'tok_requiresAction' }),
      );
      await orderReaching(customer, orderId, 'AWAITING_PAYMENT_CONFIRMATION');
      const intruder = await stack.customer();

      const read = await intruder.get(`/orders/${orderId}`);
      const cancel = await intruder.post(`/orders/${orderId}/cancel`, { reason: 'not mine' });
      const confirm = await intruder.post(`/orders/${orderId}/payment-confirmation`);
      const listed = await intruder.get<OrderPage>(`/orders?customerId=${customer.callerId}`);
      const ownList = await intruder.get<OrderPage>('/orders');

      expect([read.status, cancel.status, confirm.status]).toEqual([404, 404, 404]);
      expect(listed.status === 403 || listed.body.orders.length === 0).toBe(true);
      expect(ownList.body.orders).toEqual([]);
      const state = await customer.get<OrderState>(`/orders/${orderId}`);
      expect(state.body.status).toBe('AWAITING_PAYMENT_CONFIRMATION');
      expect((await customer.post(`/orders/${orderId}/cancel`, {})).status).toBe(202);
      await orderReaching(customer, orderId, 'CANCELLED');
    });

    it('leaves no payment token, address or name in `temporal workflow show -o json`', async () => {
      const secrets = { token: 'tok_visa', name: 'Ida Secretname', line1: '9 Hidden Mews' };
      const { orderId } = await placeOrder(
        customer,
        orderRequest({
          paymentToken: secrets.token,
          shippingAddress: { ...SAMPLE_ADDRESS, name: secrets.name, line1: secrets.line1 },
        }),
      );
      await orderReaching(customer, orderId, 'COMPLETED');

      const history = await rawHistory(
        `127.0.0.1:${stack.ports.TEMPORAL_PORT}`,
        `order-${orderId}`,
      );

      for (const secret of Object.values(secrets)) {
        expect(history.json).not.toContain(secret);
        expect(history.payloadTexts.filter((text) => text.includes(secret))).toEqual([]);
      }
      expect(history.encodings).toContain('binary/encrypted');

      // The Web UI's codec endpoint decrypts them: for an operator, or the local Web UI.
      const encrypted = JSON.parse(history.json) as {
        events: { workflowExecutionStartedEventAttributes?: { input: unknown } }[];
      };
      const input = encrypted.events[0]?.workflowExecutionStartedEventAttributes?.input;
      const operator = await stack.operator();
      const decoded = await operator.post<{ payloads: { data: string }[] }>('/codec/decode', input);
      expect(decoded.status).toBe(200);
      expect(Buffer.from(decoded.body.payloads[0]?.data ?? '', 'base64').toString()).toContain(
        secrets.name,
      );
      expect((await customer.post('/codec/decode', input)).status).toBe(403);
      expect((await stack.api.post('/codec/decode', input)).status).toBe(401);
      const fromWebUi = await stack.api.post('/codec/decode', input, {
        origin: `http://localhost:${stack.ports.TEMPORAL_UI_PORT}`,
      });
      expect(fromWebUi.status).toBe(200);
      expect(fromWebUi.headers.get('access-control-allow-origin')).toBe(
        `http://localhost:${stack.ports.TEMPORAL_UI_PORT}`,
      );
    });
  });
});
