import {
  ApplicationFailure,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time.js';
import type { Charge, CheckoutActivities } from '../../activities/index.js';
import { Saga } from '../saga/index.js';
import { PARTICIPANT_CALL } from './activity-options.js';
import { CHECKOUT_SAGA, DEFAULT_PAYMENT_CONFIRMATION_TIMEOUT } from './saga-options.js';
import { PAYMENT_CONFIRMATION_TIMEOUT } from './failure-types.js';
import {
  cancelOrderUpdate,
  confirmPaymentUpdate,
  getStateQuery,
  MESSAGE_REFUSED,
  type CancelOrderRequest,
} from './messages.js';
import type { CheckoutInput } from './order.js';
import type { OrderState } from './order-state.js';
import { OrderTracker } from './order-tracker.js';

const participants = proxyActivities<CheckoutActivities>(PARTICIPANT_CALL);

/**
 * Reserves inventory, charges the payment and schedules shipping; confirming the reservation is
 * the pivot, then the customer is notified. A failure or a cancellation before the pivot unwinds
 * the completed steps. Returns the final order state; the workflow id is `order-<orderId>`.
 */
export async function checkout(input: CheckoutInput): Promise<OrderState> {
  const { orderId } = input;
  const saga = new Saga(CHECKOUT_SAGA);
  const order = new OrderTracker(input, saga);
  let cancelReason: string | undefined;
  let paymentConfirmed = false;

  setHandler(getStateQuery, () => order.snapshot());
  setHandler(
    cancelOrderUpdate,
    (request: CancelOrderRequest = {}) => {
      cancelReason = request.reason ?? 'Cancelled by the customer';
      saga.cancel();
      return order.snapshot();
    },
    {
      validator: (_request: CancelOrderRequest) => {
        if (!saga.isCancellable || cancelReason !== undefined) {
          throw refused(`An order that is ${order.status} can no longer be cancelled`);
        }
      },
    },
  );
  setHandler(
    confirmPaymentUpdate,
    () => {
      paymentConfirmed = true;
      return order.snapshot();
    },
    {
      validator: () => {
        if (order.status !== 'AWAITING_PAYMENT_CONFIRMATION' || paymentConfirmed) {
          throw refused(`An order that is ${order.status} awaits no payment confirmation`);
        }
      },
    },
  );

  const confirmationTimeout = msToNumber(
    input.paymentConfirmationTimeout ?? DEFAULT_PAYMENT_CONFIRMATION_TIMEOUT,
  );
  let confirmationDeadline: number | undefined;

  /** One attempt of the charge step; every call in it is idempotent, so a retry repeats it whole. */
  async function charge(amount: number, currency: string): Promise<Charge> {
    const result = await participants.chargePayment({
      orderId,
      customerId: input.customerId,
      amount,
      currency,
      token: input.paymentToken,
    });
    if (result.status === 'SUCCEEDED') return result;

    const deadline = (confirmationDeadline ??= Date.now() + confirmationTimeout);
    if (!paymentConfirmed) {
      order.awaitPaymentConfirmation(new Date(deadline));
      const remaining = deadline - Date.now();
      if (remaining <= 0 || !(await condition(() => paymentConfirmed, remaining))) {
        throw ApplicationFailure.create({
          type: PAYMENT_CONFIRMATION_TIMEOUT,
          message: `The customer did not confirm the payment within ${input.paymentConfirmationTimeout ?? DEFAULT_PAYMENT_CONFIRMATION_TIMEOUT}`,
          nonRetryable: true,
        });
      }
      order.moveTo('CHARGING_PAYMENT');
    }
    await participants.confirmPayment({ chargeId: result.chargeId });
    return { chargeId: result.chargeId, status: 'SUCCEEDED' };
  }

  try {
    order.moveTo('RESERVING_INVENTORY');
    const reservation = await saga.compensatable(
      'reserveInventory',
      { name: 'releaseReservation', run: () => participants.releaseReservation({ orderId }) },
      () => participants.reserveInventory({ orderId, items: input.items }),
    );
    order.priced(reservation);

    order.moveTo('CHARGING_PAYMENT');
    await saga.compensatable(
      'chargePayment',
      { name: 'refundPayment', run: () => participants.refundPayment({ orderId }) },
      () => charge(reservation.total.amount, reservation.total.currency),
    );

    order.moveTo('SCHEDULING_SHIPPING');
    const shipment = await saga.compensatable(
      'scheduleShipping',
      { name: 'cancelShipment', run: () => participants.cancelShipment({ orderId }) },
      () =>
        participants.scheduleShipping({
          orderId,
          address: input.shippingAddress,
          items: input.items,
        }),
    );
    order.shipped(shipment.trackingNumber);

    order.moveTo('CONFIRMING');
    await saga.pivot('confirmReservation', () =>
      participants.confirmReservation({ reservationId: reservation.reservationId }),
    );
    order.moveTo('COMPLETED');

    await saga
      .retriable('sendConfirmation', () =>
        participants.sendConfirmation({
          orderId,
          customerId: input.customerId,
          items: reservation.lines,
          total: reservation.total,
          trackingNumber: shipment.trackingNumber,
        }),
      )
      // The order stands whether or not the customer hears of it; the timeline records the failure.
      .catch(() => undefined);
    return order.snapshot();
  } catch (error) {
    order.unwinding(error, cancelReason);
    await saga.compensate();
    order.moveTo(cancelReason !== undefined || isCancellation(error) ? 'CANCELLED' : 'FAILED');
    // A cancellation from outside (Web UI, CLI) ends the workflow as cancelled, after the rollback.
    if (isCancellation(error) && cancelReason === undefined) throw error;
    return order.snapshot();
  }
}

function refused(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: MESSAGE_REFUSED, message, nonRetryable: true });
}
