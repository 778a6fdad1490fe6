import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getStateQuery } from '../../workflows/checkout/messages.js';
import type { OrderStatus } from '../../workflows/checkout/order.js';
import {
  CUSTOMER_ID,
  ORDER_STATUS,
  ORDER_TOTAL,
} from '../../workflows/checkout/search-attributes.js';
import { orderStateContract } from '../support/order-state-contract.js';
import {
  CheckoutTestEnvironment,
  type CheckoutHandle,
} from './support/checkout-test-environment.js';
import { FakeParticipants, type ActivityName } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { atStep, waitForState } from './support/wait-for.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

const STAGES: { step: ActivityName; status: OrderStatus; priced: boolean }[] = [
  { step: 'reserveInventory', status: 'RESERVING_INVENTORY', priced: false },
  { step: 'chargePayment', status: 'CHARGING_PAYMENT', priced: true },
  { step: 'scheduleShipping', status: 'SCHEDULING_SHIPPING', priced: true },
  { step: 'confirmReservation', status: 'CONFIRMING', priced: true },
  { step: 'sendConfirmation', status: 'COMPLETED', priced: true },
];

async function searchAttributes(handle: CheckoutHandle) {
  const { typedSearchAttributes } = await handle.describe();
  return {
    status: typedSearchAttributes.get(ORDER_STATUS),
    customerId: typedSearchAttributes.get(CUSTOMER_ID),
    total: typedSearchAttributes.get(ORDER_TOTAL),
  };
}

describe('the getState query', () => {
  it.each(STAGES)(
    'answers the contract shape while at $step; search attributes only hold what operators filter on',
    async ({ step, status, priced }) => {
      const participants = new FakeParticipants().inject(step, { kind: 'block' });
      await environment.withWorker(participants, async (start) => {
        const order = sampleOrder();
        const handle = await start(order);
        const state = await waitForState(handle, atStep(step));

        expect(orderStateContract.parse(state)).toEqual(state);
        expect(state).toMatchObject({
          orderId: order.orderId,
          customerId: order.customerId,
          status,
        });
        expect(state.total !== undefined).toBe(priced);
        expect(state.items.every((item) => 'unitPrice' in item)).toBe(priced);
        // Only what operators filter on is written: the status once the order unwinds or closes.
        expect(await searchAttributes(handle)).toEqual({
          status: status === 'COMPLETED' ? 'COMPLETED' : 'PENDING',
          customerId: order.customerId,
          total: status === 'COMPLETED' ? state.total?.amount : undefined,
        });

        participants.unblock();
        const final = await handle.result();
        expect(await searchAttributes(handle)).toEqual({
          status: 'COMPLETED',
          customerId: order.customerId,
          total: final.total?.amount,
        });
      });
    },
  );

  it('shows COMPENSATING while the rollback runs, and still answers after the workflow closed', async () => {
    const participants = new FakeParticipants()
      .inject('chargePayment', { kind: 'refuse' })
      .inject('releaseReservation', { kind: 'block' });
    await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      // The refund and the release run concurrently: wait for the refund to finish.
      const compensating = await waitForState(
        handle,
        (s) =>
          s.compensations.length === 2 &&
          s.compensations.every(
            (c) =>
              (c.name === 'releaseReservation' && c.status === 'RUNNING') ||
              (c.name === 'refundPayment' && c.status === 'COMPLETED'),
          ),
      );
      expect(orderStateContract.parse(compensating)).toEqual(compensating);
      expect(compensating.status).toBe('COMPENSATING');
      expect(compensating.failure?.code).toBe('PAYMENT_DECLINED');
      expect(compensating.compensations.map((c) => [c.name, c.status])).toEqual([
        ['refundPayment', 'COMPLETED'],
        ['releaseReservation', 'RUNNING'],
      ]);
      expect(await searchAttributes(handle)).toMatchObject({
        status: 'COMPENSATING',
        total: compensating.total?.amount,
      });

      participants.unblock();
      const final = await handle.result();
      expect(await handle.query(getStateQuery)).toEqual(final);
      expect((await searchAttributes(handle)).status).toBe('FAILED');
    });
  });
});
