import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import { DEFAULT_ORDER_INTAKE } from '../../apps/api/orders/order-intake-env.js';
import { orderIdForIdempotencyKey } from '../../apps/api/orders/order-ids.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { useApiHarness } from '../support/api-harness.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

describe('orders API: placing and reading orders', () => {
  // Wait long enough for the reservation that every order is answered settled, even on a busy
  // machine; the answer without the wait is api-order-intake's.
  const harness = useApiHarness({ orderIntake: { ...DEFAULT_ORDER_INTAKE, acceptWaitMs: 15_000 } });
  let customer: ApiClient;

  beforeAll(async () => {
    customer = await harness.customer();
  });

  it('answers 201 with the priced order and a Location, and its saga completes', async () => {
    const request = orderRequest();
    const response = await customer.post<OrderState>('/orders', request);

    expect(response.status).toBe(201);
    const { orderId } = response.body;
    expect(response.headers.get('location')).toBe(`/orders/${orderId}`);
    expect(response.body).toMatchObject({
      orderId,
      customerId: customer.callerId,
      items: [{ sku: 'SKU-001', quantity: 2, unitPrice: 24900 }],
      total: { amount: 49800, currency: 'USD' },
    });
    expect(response.body.steps).toContainEqual(
      expect.objectContaining({ name: 'reserveInventory', status: 'COMPLETED' }),
    );

    const state = await orderReaching(customer, orderId, 'COMPLETED');
    expect(state).toMatchObject({
      orderId,
      customerId: customer.callerId,
      items: [{ sku: 'SKU-001', quantity: 2, unitPrice: 24900 }],
      total: { amount: 49800, currency: 'USD' },
      compensations: [],
    });
    expect(state.steps.map((step) => [step.name, step.status])).toEqual(
      expect.arrayContaining([
        ['reserveInventory', 'COMPLETED'],
        ['chargePayment', 'COMPLETED'],
        ['scheduleShipping', 'COMPLETED'],
        ['confirmReservation', 'COMPLETED'],
      ]),
    );
  });

  it('reads the state of an order whose workflow has closed', async () => {
    const { orderId } = await placeOrder(customer);
    await orderReaching(customer, orderId, 'COMPLETED');
    const handle = harness.client.workflow.getHandle(`order-${orderId}`);
    await handle.result();

    const response = await customer.get<OrderState>(`/orders/${orderId}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ orderId, status: 'COMPLETED' });
  });

  it('reports a declined card as FAILED, with the reservation released', async () => {
    const { orderId } = await placeOrder(
      customer,
      orderRequest({ paymentToken: 'tok_chargeDeclined' }),
    );

    const state = await orderReaching(customer, orderId, 'FAILED');

    expect(state.failure).toMatchObject({ step: 'chargePayment', code: 'PAYMENT_DECLINED' });
    expect(state.compensations).toContainEqual(
      expect.objectContaining({ name: 'releaseReservation', status: 'COMPLETED' }),
    );
    const reservations = await harness.participants.inventory.findReservations(orderId);
    expect(reservations.map((reservation) => reservation.status)).toEqual(['RELEASED']);
  });

  it('answers 404 for an unknown order and 400 for a malformed id', async () => {
    const unknown = await customer.get<ProblemDocument>('/orders/ord_doesnotexist');
    const malformed = await customer.get<ProblemDocument>('/orders/not%20an%20id');

    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
    expect(unknown.body.code).toBe('ORDER_NOT_FOUND');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'orderId', message: expect.any(String) }]);
  });

  describe('validation', () => {
    it('answers 400 problem+json naming every bad field', async () => {
      const response = await customer.post<ProblemDocument>('/orders', {
        customerId: 3,
        items: [
          { sku: 'SKU-001', quantity: 0 },
          { sku: 'SKU-001', quantity: 2 },
          { sku: 'SKU-002', quantity: -1 },
        ],
        shippingAddress: { ...SAMPLE_ADDRESS, country: 'XX' },
      });

      expect(response.status).toBe(400);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors?.map((error) => error.field).sort()).toEqual([
        'customerId',
        'items[0].quantity',
        'items[1].sku',
        'items[2].quantity',
        'paymentToken',
        'shippingAddress.country',
      ]);
    });

    it('refuses an empty item list and a body that is not an object', async () => {
      const empty = await customer.post<ProblemDocument>('/orders', orderRequest({ items: [] }));
      const notAnObject = await customer.post<ProblemDocument>('/orders', ['order']);

      expect(empty.status).toBe(400);
      expect(empty.body.errors).toEqual([{ field: 'items', message: expect.any(String) }]);
      expect(notAnObject.status).toBe(400);
    });

    it('starts nothing for an invalid request', async () => {
      const key = `invalid-${randomUUID()}`;
      const request = orderRequest();
      const newcomer = await harness.customer();

      const rejected = await newcomer.post(
        '/orders',
        { ...request, paymentToken: 'not a token' },
        { 'Idempotency-Key': key },
      );

      expect(rejected.status).toBe(400);
      const orderId = orderIdForIdempotencyKey(newcomer.callerId, key);
      await expect(
        harness.client.workflow.getHandle(`order-${orderId}`).describe(),
      ).rejects.toBeInstanceOf(WorkflowNotFoundError);

      // The customer's only order is the valid one placed afterwards.
      const accepted = await newcomer.post<OrderState>('/orders', request, {
        'Idempotency-Key': key,
      });
      expect(accepted.status).toBe(201);
      await eventually(async () => {
        const count = await harness.client.workflow.count(`CustomerId = '${newcomer.callerId}'`);
        expect(count.count).toBe(1);
      });
    });

    it('refuses a malformed Idempotency-Key', async () => {
      const response = await customer.post<ProblemDocument>('/orders', orderRequest(), {
        'Idempotency-Key': 'x'.repeat(300),
      });

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'Idempotency-Key', message: expect.any(String) },
      ]);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the same order for the same key and body', async () => {
      const request = orderRequest();
      const headers = { 'Idempotency-Key': `same-${randomUUID()}` };

      const first = await customer.post<OrderState>('/orders', request, headers);
      const second = await customer.post<OrderState>('/orders', request, headers);

      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.orderId).toBe(first.body.orderId);
      expect(second.body.total).toEqual(first.body.total);
      expect(second.headers.get('location')).toBe(`/orders/${first.body.orderId}`);
    });

    it('returns the same order after its saga has finished', async () => {
      const request = orderRequest();
      const headers = { 'Idempotency-Key': `finished-${randomUUID()}` };
      const first = await customer.post<OrderState>('/orders', request, headers);
      await harness.client.workflow.getHandle(`order-${first.body.orderId}`).result();

      const again = await customer.post<OrderState>('/orders', request, headers);

      expect(again.status).toBe(201);
      expect(again.headers.get('location')).toBe(`/orders/${first.body.orderId}`);
      expect(again.body).toMatchObject({ orderId: first.body.orderId, status: 'COMPLETED' });
      expect(again.body.trackingNumber).toEqual(expect.any(String));
    });

    it('refuses the same key with another body with 422', async () => {
      const request = orderRequest();
      const headers = { 'Idempotency-Key': `other-${randomUUID()}` };
      await customer.post('/orders', request, headers);

      const response = await customer.post<ProblemDocument>(
        '/orders',
        { ...request, items: [{ sku: 'SKU-002', quantity: 1 }] },
        headers,
      );

      expect(response.status).toBe(422);
      expect(response.contentType).toContain('application/problem+json');
      expect(response.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('makes one order of concurrent retries', async () => {
      const request = orderRequest();
      const headers = { 'Idempotency-Key': `concurrent-${randomUUID()}` };

      const responses = await Promise.all(
        [1, 2, 3].map(() => customer.post<OrderState>('/orders', request, headers)),
      );

      expect(responses.map((response) => response.status)).toEqual([201, 201, 201]);
      expect(new Set(responses.map((response) => response.body.orderId)).size).toBe(1);
    });

    it('gives orders without a key ids of their own', async () => {
      const request = orderRequest();

      const first = await placeOrder(customer, request);
      const second = await placeOrder(customer, request);

      expect(second.orderId).not.toBe(first.orderId);
    });
  });
});
