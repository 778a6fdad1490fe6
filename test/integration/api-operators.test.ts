import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { ParticipantRefusal, ParticipantUnavailable } from '../../activities/adapters/errors.js';
import { orderIdForIdempotencyKey } from '../../apps/api/orders/order-ids.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { CompensationRecord } from '../../workflows/saga/index.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { useApiHarness } from '../support/api-harness.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';

/** Where the failing payment service "runs": customers must never see it. */
const INTERNAL_URL = 'http://10.20.30.40:3002/charges?orderId=';

describe('API: operators and failing compensations', () => {
  const harness = useApiHarness();
  let customer: ApiClient;
  let operator: ApiClient;
  /** Orders whose refund fails, and how. */
  const brokenRefunds = new Map<string, () => never>();

  beforeAll(async () => {
    customer = await harness.customer();
    operator = await harness.operator();
    const { payment } = harness.participants;
    const findCharges = payment.findCharges.bind(payment);
    payment.findCharges = (orderId) => {
      const failure = brokenRefunds.get(orderId);
      return failure ? Promise.resolve().then(failure) : findCharges(orderId);
    };
  });

  /**
   * An order to the undeliverable country AQ, so it rolls back after its card was charged, with a
   * refund that fails as told until the failure is lifted.
   */
  async function orderWithFailingRefund(failure: () => never): Promise<string> {
    const key = `refund-fails-${randomUUID()}`;
    const orderId = orderIdForIdempotencyKey(customer.callerId, key);
    brokenRefunds.set(orderId, failure);
    const request = orderRequest({
      shippingAddress: { ...orderRequest().shippingAddress, country: 'AQ' },
    });
    await placeOrder(customer, request, { 'Idempotency-Key': key });
    return orderId;
  }

  function refundOf(state: OrderState): CompensationRecord | undefined {
    return state.compensations.find((compensation) => compensation.name === 'refundPayment');
  }

  describe('GET /orders/{orderId} while a compensation keeps failing', () => {
    it("shows the server's attempts, last error and next attempt; customers without internal hosts", async () => {
      const orderId = await orderWithFailingRefund(() => {
        throw new ParticipantUnavailable(`payment unreachable: ${INTERNAL_URL}x (ECONNREFUSED)`);
      });

      const seenByOperator = await eventually(async () => {
        const { body } = await operator.get<OrderState>(`/orders/${orderId}`);
        expect(body.status).toBe('COMPENSATING');
        expect(refundOf(body)?.attempts).toBeGreaterThanOrEqual(2);
        expect(refundOf(body)?.status).toBe('RETRYING');
        expect(refundOf(body)?.nextAttemptAt).toEqual(expect.any(String));
        return body;
      });
      const seenByCustomer = await customer.get<OrderState>(`/orders/${orderId}`);

      expect(refundOf(seenByOperator)?.lastError).toContain(INTERNAL_URL);
      const customersError = refundOf(seenByCustomer.body)?.lastError ?? '';
      expect(customersError).toContain('payment unreachable');
      expect(customersError).not.toContain('10.20.30.40');
      expect(customersError).not.toContain('/charges');

      brokenRefunds.delete(orderId);
      const state = await eventually(() => orderReaching(operator, orderId, 'FAILED'), 60_000);
      expect(refundOf(state)?.status).toBe('COMPLETED');
    });
  });

  describe('retry and resolve', () => {
    let orderId: string;

    beforeAll(async () => {
      orderId = await orderWithFailingRefund(() => {
        throw new ParticipantRefusal('PROVIDER_ERROR', 'The provider refused the refund');
      });
      await eventually(async () => {
        const { body } = await operator.get<OrderState>(`/orders/${orderId}`);
        expect(refundOf(body)?.status).toBe('RETRYING');
      });
    }, 60_000);

    it('retries a failing compensation now, recording who asked', async () => {
      const before = await operator.get<OrderState>(`/orders/${orderId}`);

      const response = await operator.post<OrderState>(
        `/orders/${orderId}/compensations/refundPayment/retry`,
      );

      expect(response.status).toBe(202);
      expect(response.body.audit).toEqual([
        expect.objectContaining({ action: 'retry', compensation: 'refundPayment', by: 'ops_test' }),
      ]);
      await eventually(async () => {
        const { body } = await operator.get<OrderState>(`/orders/${orderId}`);
        expect(refundOf(body)?.attempts).toBeGreaterThan(refundOf(before.body)?.attempts ?? 0);
        expect(refundOf(body)?.status).toBe('RETRYING');
      });
    });

    it('requires a reason to resolve by hand', async () => {
      const withoutReason = await operator.post<ProblemDocument>(
        `/orders/${orderId}/compensations/refundPayment/resolve`,
        {},
      );
      const blankReason = await operator.post<ProblemDocument>(
        `/orders/${orderId}/compensations/refundPayment/resolve`,
        { reason: '   ' },
      );

      expect(withoutReason.status).toBe(400);
      expect(withoutReason.body.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
      expect(blankReason.status).toBe(400);
    });

    it('resolves it by hand: RESOLVED_MANUALLY, and the rollback ends', async () => {
      const response = await operator.post<OrderState>(
        `/orders/${orderId}/compensations/refundPayment/resolve`,
        { reason: 'Refunded in the provider dashboard' },
      );

      expect(response.status).toBe(202);
      const state = await orderReaching(operator, orderId, 'FAILED');
      expect(refundOf(state)?.status).toBe('RESOLVED_MANUALLY');
      expect(state.audit).toEqual([
        expect.objectContaining({ action: 'retry', by: 'ops_test' }),
        expect.objectContaining({
          action: 'resolve',
          compensation: 'refundPayment',
          by: 'ops_test',
          reason: 'Refunded in the provider dashboard',
        }),
      ]);
    });

    it('refuses with 409 a compensation that is not failing', async () => {
      const settled = await operator.post<ProblemDocument>(
        `/orders/${orderId}/compensations/refundPayment/retry`,
      );
      const { orderId: completed } = await placeOrder(customer);
      await orderReaching(customer, completed, 'COMPLETED');
      const nothingToUndo = await operator.post<ProblemDocument>(
        `/orders/${completed}/compensations/refundPayment/resolve`,
        { reason: 'Nothing to do' },
      );

      expect(settled.status).toBe(409);
      expect(nothingToUndo.status).toBe(409);
      expect(nothingToUndo.contentType).toContain('application/problem+json');
    });

    it('answers 404 for an unknown order and 400 for a malformed compensation name', async () => {
      const unknown = await operator.post<ProblemDocument>(
        '/orders/ord_unknown/compensations/refundPayment/retry',
      );
      const malformed = await operator.post<ProblemDocument>(
        `/orders/${orderId}/compensations/refund%20it/retry`,
      );

      expect(unknown.status).toBe(404);
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    });
  });
});
