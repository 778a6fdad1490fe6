// The checkout through the whole system as `npm start` runs it: Temporal dev server, embedded
// PostgreSQL, the three services, the worker and the API, all as separate processes over HTTP.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AcceptedOrder, OrderPage } from '../../apps/api/orders/order-gateway.js';
import { orderIdForIdempotencyKey } from '../../apps/api/orders/order-ids.js';
import { BANNER_HEADLINE } from '../../apps/launcher/banner.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import { eventually } from '../support/api-http.js';
import { newCustomerId, orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';
import { COMPLETED_STATUSES, participantStatuses } from '../support/e2e-participants.js';
import { removeDataDir, startStack, type E2eStack } from '../support/e2e-stack.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

describe('checkout, end to end on the stack of npm start', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startStack();
    console.log(`e2e stack (checkout) up in ${stack.startSeconds.toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    await stack.stop();
    await removeDataDir(stack.dataDir);
  }, 120_000);

  it('prints a banner whose URLs answer: the API, its Swagger UI and the Temporal Web UI', async () => {
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
      const target = url === `http://localhost:${stack.ports.API_PORT}` ? `${url}/health` : url;
      const response = await fetch(target);
      expect({ url: target, status: response.status }).toEqual({ url: target, status: 200 });
      await response.body?.cancel();
    }
  });

  it('completes a tok_visa order: reservation confirmed, card charged, shipment scheduled', async () => {
    const { orderId } = await placeOrder(stack.api);

    const state = await orderReaching(stack.api, orderId, 'COMPLETED');

    expect(state).toMatchObject({
      items: [{ sku: 'SKU-001', quantity: 2, unitPrice: 24900 }],
      total: { amount: 49800, currency: 'USD' },
      compensations: [],
    });
    expect(await participantStatuses(stack, orderId)).toEqual(COMPLETED_STATUSES);
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
      const { orderId } = await placeOrder(stack.api, orderRequest(overrides));

      const state = await orderReaching(stack.api, orderId, 'FAILED');

      expect(state.failure).toMatchObject(expected);
      expect(await participantStatuses(stack, orderId)).toEqual(rolledBack);
    });
  });

  describe('a card that needs the customer’s action (tok_requiresAction)', () => {
    async function orderAwaitingConfirmation(): Promise<string> {
      const { orderId } = await placeOrder(
        stack.api,
        orderRequest({ paymentToken: 'tok_requiresAction' }),
      );
      await orderReaching(stack.api, orderId, 'AWAITING_PAYMENT_CONFIRMATION');
      expect(await participantStatuses(stack, orderId)).toEqual({
        reservations: ['HELD'],
        charges: ['REQUIRES_ACTION'],
        shipments: [],
      });
      return orderId;
    }

    it('completes after POST /payment-confirmation', async () => {
      const orderId = await orderAwaitingConfirmation();

      const response = await stack.api.post(`/orders/${orderId}/payment-confirmation`);

      expect(response.status).toBe(202);
      await orderReaching(stack.api, orderId, 'COMPLETED');
      expect(await participantStatuses(stack, orderId)).toEqual(COMPLETED_STATUSES);
    });

    it('is cancellable before the confirmation: CANCELLED, charge canceled, stock released', async () => {
      const orderId = await orderAwaitingConfirmation();

      const response = await stack.api.post(`/orders/${orderId}/cancel`, {
        reason: 'Changed my mind',
      });

      expect(response.status).toBe(202);
      const state = await orderReaching(stack.api, orderId, 'CANCELLED');
      expect(state.failure).toMatchObject({ code: 'CANCELLED_BY_CUSTOMER' });
      expect(await participantStatuses(stack, orderId)).toEqual({
        reservations: ['RELEASED'],
        charges: ['CANCELED'],
        shipments: [],
      });
    });
  });

  it('refuses to cancel a completed order with 409', async () => {
    const { orderId } = await placeOrder(stack.api);
    await orderReaching(stack.api, orderId, 'COMPLETED');

    const response = await stack.api.post<ProblemDocument>(`/orders/${orderId}/cancel`, {});

    expect(response.status).toBe(409);
    expect(response.contentType).toContain('application/problem+json');
    expect(await participantStatuses(stack, orderId)).toEqual(COMPLETED_STATUSES);
  });

  it('makes one order of the same Idempotency-Key sent twice', async () => {
    const request = orderRequest();
    const headers = { 'Idempotency-Key': `e2e-${randomUUID()}` };

    const first = await stack.api.post<AcceptedOrder>('/orders', request, headers);
    const second = await stack.api.post<AcceptedOrder>('/orders', request, headers);

    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.orderId).toBe(first.body.orderId);
    await orderReaching(stack.api, first.body.orderId, 'COMPLETED');
    const page = await eventually(async () => {
      const listed = await stack.api.get<OrderPage>(`/orders?customerId=${request.customerId}`);
      expect(listed.body.orders.map((order) => order.status)).toEqual(['COMPLETED']);
      return listed.body;
    });
    expect(page.orders.map((order) => order.orderId)).toEqual([first.body.orderId]);
    expect(await participantStatuses(stack, first.body.orderId)).toEqual(COMPLETED_STATUSES);
  });

  it('answers 400 naming each bad field, and starts nothing', async () => {
    const key = `e2e-invalid-${randomUUID()}`;

    const response = await stack.api.post<ProblemDocument>(
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
    const orderId = orderIdForIdempotencyKey(key);
    expect((await stack.api.get(`/orders/${orderId}`)).status).toBe(404);
    expect(await participantStatuses(stack, orderId)).toEqual({
      reservations: [],
      charges: [],
      shipments: [],
    });
  });

  it('lists orders filtered by status (and customer)', async () => {
    const customerId = newCustomerId();
    const completed = await placeOrder(stack.api, orderRequest({ customerId }));
    const failed = await placeOrder(
      stack.api,
      orderRequest({ customerId, paymentToken: 'tok_chargeDeclined' }),
    );
    await orderReaching(stack.api, completed.orderId, 'COMPLETED');
    await orderReaching(stack.api, failed.orderId, 'FAILED');

    const list = async (query: string) => {
      const response = await stack.api.get<OrderPage>(`/orders?customerId=${customerId}${query}`);
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
});
