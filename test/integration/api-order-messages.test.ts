import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { useApiHarness } from '../support/api-harness.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';

describe('orders API: cancelling and confirming payments', () => {
  const harness = useApiHarness();
  let customer: ApiClient;

  beforeAll(async () => {
    customer = await harness.customer();
  });

  async function orderAwaitingConfirmation(): Promise<string> {
    const { orderId } = await placeOrder(
      customer,
      orderRequest({ paymentToken: 'tok_requiresAction' }),
    );
    await orderReaching(customer, orderId, 'AWAITING_PAYMENT_CONFIRMATION');
    return orderId;
  }

  describe('POST /orders/{orderId}/cancel', () => {
    it('accepts a cancellation before the pivot and rolls the order back', async () => {
      const orderId = await orderAwaitingConfirmation();

      const response = await customer.post<OrderState>(`/orders/${orderId}/cancel`, {
        reason: 'Changed my mind',
      });

      expect(response.status).toBe(202);
      expect(response.body.orderId).toBe(orderId);
      const state = await orderReaching(customer, orderId, 'CANCELLED');
      expect(state.failure).toMatchObject({
        code: 'CANCELLED_BY_CUSTOMER',
        message: 'Changed my mind',
      });
      expect(state.compensations.map(({ name, status }) => [name, status])).toEqual([
        ['refundPayment', 'COMPLETED'],
        ['releaseReservation', 'COMPLETED'],
      ]);
      const { inventory, payment } = harness.participants;
      expect((await inventory.findReservations(orderId)).map((r) => r.status)).toEqual([
        'RELEASED',
      ]);
      expect((await payment.findCharges(orderId)).map((c) => c.status)).toEqual(['CANCELED']);
    });

    it('accepts a cancellation without a body', async () => {
      const orderId = await orderAwaitingConfirmation();

      const response = await customer.post(`/orders/${orderId}/cancel`);

      expect(response.status).toBe(202);
      await orderReaching(customer, orderId, 'CANCELLED');
    });

    it('refuses to cancel a completed order with 409', async () => {
      const { orderId } = await placeOrder(customer);
      await orderReaching(customer, orderId, 'COMPLETED');

      const response = await customer.post<ProblemDocument>(`/orders/${orderId}/cancel`, {});

      expect(response.status).toBe(409);
      expect(response.contentType).toContain('application/problem+json');
      expect(['CANCELLATION_REFUSED', 'ORDER_FINISHED']).toContain(response.body.code);
    });

    it('refuses to cancel an order whose workflow has closed with 409', async () => {
      const { orderId } = await placeOrder(customer);
      await harness.client.workflow.getHandle(`order-${orderId}`).result();

      const response = await customer.post<ProblemDocument>(`/orders/${orderId}/cancel`);

      expect(response.status).toBe(409);
      expect(response.body.code).toBe('ORDER_FINISHED');
    });

    it('refuses a second cancellation with 409', async () => {
      const orderId = await orderAwaitingConfirmation();
      await customer.post(`/orders/${orderId}/cancel`);

      const again = await customer.post<ProblemDocument>(`/orders/${orderId}/cancel`);

      expect(again.status).toBe(409);
    });

    it('answers 404 for an unknown order and 400 for a bad reason', async () => {
      const unknown = await customer.post<ProblemDocument>('/orders/ord_unknown/cancel');
      const badReason = await customer.post<ProblemDocument>('/orders/ord_unknown/cancel', {
        reason: 42,
      });

      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('ORDER_NOT_FOUND');
      expect(badReason.status).toBe(400);
      expect(badReason.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    });
  });

  describe('POST /orders/{orderId}/payment-confirmation', () => {
    it('only asks for a re-check: the order waits until the provider says the charge succeeded', async () => {
      const orderId = await orderAwaitingConfirmation();

      const early = await customer.post<OrderState>(`/orders/${orderId}/payment-confirmation`);

      expect(early.status).toBe(202);
      expect(early.body.orderId).toBe(orderId);
      // No call to the checkout API alone moves the charge: the order still awaits the challenge.
      await eventually(async () => {
        const charges = await harness.participants.payment.findCharges(orderId);
        expect(charges.map((charge) => charge.status)).toEqual(['REQUIRES_ACTION']);
        const state = await customer.get<OrderState>(`/orders/${orderId}`);
        expect(state.body.status).toBe('AWAITING_PAYMENT_CONFIRMATION');
      }, 5_000);

      const [charge] = await harness.participants.payment.findCharges(orderId);
      await harness.participants.payment.authenticate(charge?.chargeId ?? '', 'approve');
      const recheck = await customer.post(`/orders/${orderId}/payment-confirmation`);

      expect(recheck.status).toBe(202);
      const state = await orderReaching(customer, orderId, 'COMPLETED');
      expect(state.trackingNumber).toEqual(expect.any(String));
    });

    it('shows where the customer passes the challenge while the order awaits it', async () => {
      const orderId = await orderAwaitingConfirmation();

      const state = await customer.get<OrderState>(`/orders/${orderId}`);

      expect(state.body.paymentAction).toEqual({
        url: expect.stringMatching(/\/charges\/[^/]+\/authenticate$/),
        expiresAt: expect.any(String),
      });
    });

    it('refuses a confirmation nobody awaits with 409', async () => {
      const { orderId } = await placeOrder(customer);
      await orderReaching(customer, orderId, 'COMPLETED');

      const response = await customer.post<ProblemDocument>(
        `/orders/${orderId}/payment-confirmation`,
      );

      expect(response.status).toBe(409);
      expect(response.contentType).toContain('application/problem+json');
    });

    it('answers 404 for an unknown order', async () => {
      const response = await customer.post<ProblemDocument>(
        '/orders/ord_unknown/payment-confirmation',
      );

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('ORDER_NOT_FOUND');
    });
  });
});
