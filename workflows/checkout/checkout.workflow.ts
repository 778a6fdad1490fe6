import {
  ApplicationFailure,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CheckoutActivities } from '../../activities/index.js';
import { Saga, type RetryMode, type SagaCall } from '../saga/index.js';
import { PARTICIPANT_CALL } from './activity-options.js';
import { CardChallenge } from './card-challenge.js';
import { checkoutSagaOptions, DEFAULT_PAYMENT_CONFIRMATION_TIMEOUT } from './saga-options.js';
import { INVALID_CHECKOUT_INPUT } from './failure-types.js';
import { LOCAL_ATTEMPT, locallyFirst } from './local-first.js';
import {
  acceptOrderUpdate,
  cancelOrderUpdate,
  confirmPaymentUpdate,
  getStateQuery,
  MESSAGE_REFUSED,
  paymentEventSignal,
  resolveCompensationUpdate,
  retryCompensationUpdate,
  type CancelOrderRequest,
  type CompensationActionRequest,
} from './messages.js';
import { meteringObserver, recordOrderFinished } from './metrics.js';
import type { CheckoutInput } from './order.js';
import { orderEvent, OrderEventStream } from './order-events.js';
import type { OrderState } from './order-state.js';
import { OrderTracker } from './order-tracker.js';

/**
 * Runs started from here on leave retries to the Temporal server (activity retry policies), unwind
 * independent compensations concurrently and read a card challenge's outcome from the payment
 * provider. Runs started before take the old path, which their histories recorded.
 */
export const SERVER_SIDE_RETRIES_PATCH = 'checkout-server-side-retries';

/**
 * Runs started from here on publish the order's lifecycle events (`checkout.order.*`) and write
 * only the search attributes operators filter on. They retry on the server as well, without asking
 * SERVER_SIDE_RETRIES_PATCH: each patch a run asks for costs it a marker and an upsert of
 * TemporalChangeVersion (a visibility write), so one patch covers both changes.
 */
export const LIFECYCLE_EVENTS_PATCH = 'checkout-lifecycle-events';

/**
 * Runs started from here on try each lifecycle event once as a local activity before leaving it to
 * the durable publisher (see OrderEventStream): fewer history events and workflow tasks per order.
 * A run asks for this patch first and, when it has it, never for LIFECYCLE_EVENTS_PATCH, so each
 * run still pays for one patch marker.
 */
export const LOCAL_EVENT_PUBLISHES_PATCH = 'checkout-local-event-publishes';

/**
 * Runs started from here on also try the confirmation once as a local activity, in the workflow
 * task that learns the pivot's result, before leaving it to the activity the server retries: when
 * the attempt succeeds, the order closes in that task, one workflow task and five history events
 * sooner. A run asks for this patch first and, when it has it, never for
 * LOCAL_EVENT_PUBLISHES_PATCH (it implies it), so each run still pays for one patch marker.
 */
export const LOCAL_CONFIRMATION_PATCH = 'checkout-local-confirmation';

/** The participants' activities, scheduled with the options the saga asks for this call. */
export type Participants = (call: SagaCall, summary?: string) => CheckoutActivities;

const participants: Participants = (call, summary) =>
  proxyActivities<CheckoutActivities>({ ...PARTICIPANT_CALL, ...call.activity(summary) });

/** One attempt in the worker (see LOCAL_ATTEMPT), before the step's scheduled activity. */
const localAttempt = (call: SagaCall) =>
  proxyLocalActivities<CheckoutActivities>({ ...LOCAL_ATTEMPT, ...call.localActivity() });

/**
 * Reserves inventory, charges the payment and schedules shipping; confirming the reservation is
 * the pivot, then the customer is notified. A failure or an accepted cancel before the pivot
 * unwinds the completed steps. Returns the final order state; the workflow id is `order-<orderId>`.
 */
export async function checkout(input: CheckoutInput): Promise<OrderState> {
  assertInputBelongsHere(input);
  const { orderId } = input;
  const confirmsLocallyFirst = patched(LOCAL_CONFIRMATION_PATCH);
  const publishesLocallyFirst = confirmsLocallyFirst || patched(LOCAL_EVENT_PUBLISHES_PATCH);
  const publishesEvents = publishesLocallyFirst || patched(LIFECYCLE_EVENTS_PATCH);
  const retries: RetryMode =
    publishesEvents || patched(SERVER_SIDE_RETRIES_PATCH) ? 'server' : 'workflow';
  const events = publishesEvents
    ? new OrderEventStream(publishesLocallyFirst ? 'local-first' : 'durable')
    : undefined;
  const saga: Saga = new Saga(
    checkoutSagaOptions(
      input,
      retries,
      meteringObserver({
        compensationStuck: () => {
          order.compensationsStuck(true);
        },
        compensationSettled: (_record, wasStuck) => {
          if (!wasStuck) return;
          order.compensationsStuck(saga.timeline().compensations.some((c) => c.stuck));
        },
      }),
    ),
  );
  const order: OrderTracker = new OrderTracker(
    input,
    saga,
    publishesEvents ? 'operator-filters' : 'every-status',
  );
  const challenge = new CardChallenge(
    order,
    participants,
    retries,
    input.paymentConfirmationTimeout ?? DEFAULT_PAYMENT_CONFIRMATION_TIMEOUT,
  );
  let cancelReason: string | undefined;

  setHandler(getStateQuery, () => order.snapshot());
  setHandler(acceptOrderUpdate, async () => {
    await condition(() => order.isAccepted);
    return order.snapshot();
  });
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
      challenge.recheck();
      return order.snapshot();
    },
    {
      validator: () => {
        const refusal = challenge.recheckRefusal();
        if (refusal !== undefined) throw refused(refusal);
      },
    },
  );
  setHandler(paymentEventSignal, (event) => {
    challenge.paymentEvent(event);
  });
  const operatorValidator = (request: CompensationActionRequest) => {
    const refusal = saga.operatorRefusal(request.compensation);
    if (refusal !== undefined) throw refused(refusal);
  };
  setHandler(
    retryCompensationUpdate,
    ({ compensation, by, reason }: CompensationActionRequest) => {
      saga.retryCompensation(compensation, { by, ...(reason === undefined ? {} : { reason }) });
      return order.snapshot();
    },
    { validator: operatorValidator },
  );
  setHandler(
    resolveCompensationUpdate,
    ({ compensation, by, reason }: CompensationActionRequest) => {
      saga.resolveCompensation(compensation, { by, ...(reason === undefined ? {} : { reason }) });
      return order.snapshot();
    },
    { validator: operatorValidator },
  );

  events?.publish(orderEvent('checkout.order.placed', order.snapshot()));
  try {
    order.moveTo('RESERVING_INVENTORY');
    const reservation = await saga.compensatable(
      'reserveInventory',
      {
        name: 'releaseReservation',
        run: (call) => participants(call).releaseReservation({ orderId }),
      },
      (call) => participants(call).reserveInventory({ orderId, items: input.items }),
    );
    order.priced(reservation);

    order.moveTo('CHARGING_PAYMENT');
    await saga.compensatable(
      'chargePayment',
      { name: 'refundPayment', run: (call) => participants(call).refundPayment({ orderId }) },
      (call) =>
        challenge.charge(call, {
          orderId,
          customerId: input.customerId,
          amount: reservation.total.amount,
          currency: reservation.total.currency,
          token: input.paymentToken,
        }),
    );

    order.moveTo('SCHEDULING_SHIPPING');
    const shipment = await saga.compensatable(
      'scheduleShipping',
      { name: 'cancelShipment', run: (call) => participants(call).cancelShipment({ orderId }) },
      (call) =>
        participants(call).scheduleShipping({
          orderId,
          address: input.shippingAddress,
          items: input.items,
        }),
    );
    order.shipped(shipment.trackingNumber);

    order.moveTo('CONFIRMING');
    await saga.pivot('confirmReservation', (call) =>
      participants(call).confirmReservation({ reservationId: reservation.reservationId }),
    );
    order.moveTo('COMPLETED');
    events?.publish(orderEvent('checkout.order.completed', order.snapshot()));

    const confirmation = {
      orderId,
      customerId: input.customerId,
      items: reservation.lines,
      total: reservation.total,
      trackingNumber: shipment.trackingNumber,
    };
    await saga
      .retriable('sendConfirmation', (call) =>
        confirmsLocallyFirst
          ? locallyFirst(
              () => localAttempt(call).sendConfirmation(confirmation),
              () => participants(call).sendConfirmation(confirmation),
            )
          : participants(call).sendConfirmation(confirmation),
      )
      // The order stands whether or not the customer hears of it; the timeline records the failure.
      .catch(() => undefined);
    recordOrderFinished('COMPLETED', workflowInfo().startTime);
    await events?.drained();
    return order.snapshot();
  } catch (error) {
    order.unwinding(error, cancelReason);
    await saga.compensate();
    const status = cancelReason !== undefined || isCancellation(error) ? 'CANCELLED' : 'FAILED';
    order.moveTo(status);
    events?.publish(
      orderEvent(
        status === 'FAILED' ? 'checkout.order.failed' : 'checkout.order.cancelled',
        order.snapshot(),
      ),
    );
    recordOrderFinished(status, workflowInfo().startTime);
    await events?.drained();
    // A cancellation from outside (Web UI, CLI) ends the workflow as cancelled, after the rollback.
    if (isCancellation(error) && cancelReason === undefined) throw error;
    return order.snapshot();
  }
}

/** An input started under another order's workflow id would act on that other order. */
function assertInputBelongsHere(input: CheckoutInput): void {
  const { workflowId } = workflowInfo();
  if (workflowId !== `order-${input.orderId}`) {
    throw ApplicationFailure.create({
      type: INVALID_CHECKOUT_INPUT,
      message: `The input's orderId "${input.orderId}" does not match the workflow id "${workflowId}" (expected "order-<orderId>")`,
      nonRetryable: true,
    });
  }
}

function refused(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: MESSAGE_REFUSED, message, nonRetryable: true });
}
