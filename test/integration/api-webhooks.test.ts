import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { paymentSignature } from '../../apps/api/webhooks/payment-signature.js';
import { TEST_WEBHOOK_SECRET, useApiHarness } from '../support/api-harness.js';
import type { ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';
import {
  paymentSignalsOf,
  paymentWebhook,
  sendPaymentWebhook,
  type PaymentWebhookBody,
} from '../support/api-webhooks.js';

describe('API: payment webhooks', () => {
  const harness = useApiHarness();
  let customer: ApiClient;

  beforeAll(async () => {
    customer = await harness.customer();
  });

  /** An order whose charge awaits the customer's challenge, and that charge's id. */
  async function awaitingOrder(): Promise<{ orderId: string; chargeId: string }> {
    const { orderId } = await placeOrder(
      customer,
      orderRequest({ paymentToken: 'tok_requiresAction' }),
    );
    await orderReaching(customer, orderId, 'AWAITING_PAYMENT_CONFIRMATION');
    const [charge] = await harness.participants.payment.findCharges(orderId);
    if (!charge) throw new Error(`Order ${orderId} has no charge`);
    return { orderId, chargeId: charge.chargeId };
  }

  function send(
    body: PaymentWebhookBody | string,
    options?: Parameters<typeof sendPaymentWebhook>[2],
  ) {
    return sendPaymentWebhook(harness.anonymous.baseUrl, body, options);
  }

  it('hands a correctly signed event to the order with 204', async () => {
    const { orderId, chargeId } = await awaitingOrder();

    const response = await send(paymentWebhook(orderId, chargeId));

    expect(response.status).toBe(204);
    expect(await paymentSignalsOf(harness.client, orderId)).toBe(1);
  });

  it('completes an order once the customer passed the challenge and the provider says so', async () => {
    const { orderId, chargeId } = await awaitingOrder();
    await harness.participants.payment.authenticate(chargeId, 'approve');

    const response = await send(paymentWebhook(orderId, chargeId));

    expect(response.status).toBe(204);
    const state = await orderReaching(customer, orderId, 'COMPLETED');
    expect(state.trackingNumber).toEqual(expect.any(String));
  });

  it('fails and rolls back an order whose challenge was denied', async () => {
    const { orderId, chargeId } = await awaitingOrder();
    await harness.participants.payment.authenticate(chargeId, 'deny');

    const response = await send(paymentWebhook(orderId, chargeId, 'charge.failed'));

    expect(response.status).toBe(204);
    const state = await orderReaching(customer, orderId, 'FAILED');
    expect(state.failure?.step).toBe('chargePayment');
    const reservations = await harness.participants.inventory.findReservations(orderId);
    expect(reservations.map((reservation) => reservation.status)).toEqual(['RELEASED']);
  });

  it('never completes an order on the event alone: the charge must have succeeded', async () => {
    const { orderId, chargeId } = await awaitingOrder();

    const response = await send(paymentWebhook(orderId, chargeId));

    expect(response.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const state = await customer.get<OrderState>(`/orders/${orderId}`);
    expect(state.body.status).toBe('AWAITING_PAYMENT_CONFIRMATION');
    const charges = await harness.participants.payment.findCharges(orderId);
    expect(charges.map((charge) => charge.status)).toEqual(['REQUIRES_ACTION']);
  });

  it('refuses forged, stale, tampered and unsigned events with 400, delivering nothing', async () => {
    const { orderId, chargeId } = await awaitingOrder();
    const event = paymentWebhook(orderId, chargeId);
    const now = Math.floor(Date.now() / 1000);

    const attempts = {
      forged: await send(event, { secret: 'not-the-secret-but-just-as-long-000' }),
      stale: await send(event, { timestamp: now - 6 * 60 }),
      future: await send(event, { timestamp: now + 6 * 60 }),
      tampered: await send(event, {
        signature: paymentSignature(
          JSON.stringify({ ...event, type: 'charge.failed' }),
          TEST_WEBHOOK_SECRET,
        ),
      }),
      unsigned: await send(event, { signature: null }),
      malformedHeader: await send(event, { signature: 'v1=abc' }),
    };

    for (const [kind, response] of Object.entries(attempts)) {
      const problem = response.body as ProblemDocument;
      expect({ kind, status: response.status }).toEqual({ kind, status: 400 });
      expect(response.contentType).toContain('application/problem+json');
      expect(problem.code).toBe('INVALID_SIGNATURE');
    }
    expect(await paymentSignalsOf(harness.client, orderId)).toBe(0);
    const state = await customer.get<OrderState>(`/orders/${orderId}`);
    expect(state.body.status).toBe('AWAITING_PAYMENT_CONFIRMATION');
  });

  it('delivers a replayed event once', async () => {
    const { orderId, chargeId } = await awaitingOrder();
    const event = paymentWebhook(orderId, chargeId);

    const first = await send(event);
    const replay = await send(event);
    const replayResigned = await send(event, { timestamp: Math.floor(Date.now() / 1000) - 5 });

    expect([first.status, replay.status, replayResigned.status]).toEqual([204, 204, 204]);
    expect(await paymentSignalsOf(harness.client, orderId)).toBe(1);
  });

  it('answers 204 for an unknown order and for a finished one, with nothing to deliver', async () => {
    const { orderId } = await placeOrder(customer);
    await harness.client.workflow.getHandle(`order-${orderId}`).result();

    const unknown = await send(paymentWebhook('ord_doesnotexist', 'ch_unknown'));
    const finished = await send(paymentWebhook(orderId, 'ch_whatever'));

    expect(unknown.status).toBe(204);
    expect(finished.status).toBe(204);
    expect(await paymentSignalsOf(harness.client, orderId)).toBe(0);
  });

  it('refuses a signed body that is not a payment event with 400', async () => {
    const response = await send(JSON.stringify({ id: 'evt_1', type: 'refund.created' }));
    const notJson = await send('charge succeeded');

    expect(response.status).toBe(400);
    expect((response.body as ProblemDocument).code).toBe('VALIDATION_FAILED');
    expect(notJson.status).toBe(400);
  });

  it('needs no bearer token, and a bearer token does not replace the signature', async () => {
    const { orderId, chargeId } = await awaitingOrder();
    const token = await harness.signer.sign({ sub: 'ops_test', roles: ['operator'] });

    const response = await fetch(`${harness.anonymous.baseUrl}/webhooks/payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(paymentWebhook(orderId, chargeId)),
    });

    expect(response.status).toBe(400);
    expect(await paymentSignalsOf(harness.client, orderId)).toBe(0);
  });
});
