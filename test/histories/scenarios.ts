import { cancelOrderUpdate, confirmPaymentUpdate } from '../../workflows/checkout/messages.js';
import type { CheckoutHandle } from '../workflows/support/checkout-test-environment.js';
import { FakeParticipants } from '../workflows/support/fake-participants.js';
import { sampleOrder } from '../workflows/support/sample-order.js';
import { waitForState } from '../workflows/support/wait-for.js';
import type { CheckoutInput } from '../../workflows/checkout/order.js';

export interface HistoryScenario {
  /** Also the file name under test/histories/. */
  name: string;
  participants: () => FakeParticipants;
  input: () => CheckoutInput;
  /** What the customer does while the order runs. */
  drive?: (handle: CheckoutHandle) => Promise<void>;
}

const awaitingConfirmation = (state: { status: string }) =>
  state.status === 'AWAITING_PAYMENT_CONFIRMATION';

/** One run per path through the checkout saga; their histories guard workflow changes. */
export const SCENARIOS: HistoryScenario[] = [
  { name: 'completed', participants: () => new FakeParticipants(), input: () => sampleOrder() },
  {
    name: 'failed-out-of-stock',
    participants: () => new FakeParticipants().inject('reserveInventory', { kind: 'refuse' }),
    input: () => sampleOrder(),
  },
  {
    name: 'failed-payment-declined',
    participants: () => new FakeParticipants().inject('chargePayment', { kind: 'refuse' }),
    input: () => sampleOrder({ paymentToken: 'tok_chargeDeclined' }),
  },
  {
    name: 'failed-address-undeliverable-with-compensation-retries',
    participants: () =>
      new FakeParticipants()
        .inject('scheduleShipping', { kind: 'refuse' })
        .inject('refundPayment', { kind: 'fail-transiently', times: 2 }),
    input: () => sampleOrder(),
  },
  {
    name: 'completed-after-step-retries',
    participants: () =>
      new FakeParticipants().inject('chargePayment', { kind: 'fail-transiently', times: 2 }),
    input: () => sampleOrder(),
  },
  {
    name: 'completed-after-payment-confirmation',
    participants: () => new FakeParticipants('REQUIRES_ACTION'),
    input: () => sampleOrder({ paymentToken: 'tok_requiresAction' }),
    drive: async (handle) => {
      await waitForState(handle, awaitingConfirmation);
      await handle.executeUpdate(confirmPaymentUpdate);
    },
  },
  {
    name: 'failed-payment-confirmation-timeout',
    participants: () => new FakeParticipants('REQUIRES_ACTION'),
    input: () => sampleOrder({ paymentToken: 'tok_requiresAction' }),
  },
  {
    name: 'cancelled-awaiting-payment-confirmation',
    participants: () => new FakeParticipants('REQUIRES_ACTION'),
    input: () => sampleOrder({ paymentToken: 'tok_requiresAction' }),
    drive: async (handle) => {
      await waitForState(handle, awaitingConfirmation);
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] });
    },
  },
  {
    name: 'completed-after-pivot-result-lost',
    participants: () =>
      new FakeParticipants().inject('confirmReservation', { kind: 'lose-first-result' }),
    input: () => sampleOrder(),
  },
];
