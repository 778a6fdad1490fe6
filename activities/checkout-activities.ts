import type { OrderItem } from '../workflows/checkout/order.js';
import type {
  Charge,
  ChargeRecord,
  ChargeRequest,
  CheckoutAdapters,
  OrderConfirmation,
  OrderEvent,
  Reservation,
  Shipment,
  ShipmentRequest,
} from './adapters/ports.js';
import { ParticipantRefusal, ParticipantUnavailable } from './adapters/errors.js';
import { compensationAttempt } from './compensation-attempts.js';
import { asActivity } from './failures.js';
import { publishOrderEvent } from './publish-order-event.js';
import { idempotencyKey, idempotencyKeyFor } from './idempotency-key.js';

/**
 * The checkout's activities around the participant ports: the seam where tests and teams plug in
 * their own adapters. Compensations look the order up instead of trusting a step's result, which
 * may have been lost to a timeout or a crash.
 */
export function createActivities({
  inventory,
  payment,
  shipping,
  notification,
  orderEvents,
}: CheckoutAdapters) {
  return {
    reserveInventory(request: { orderId: string; items: OrderItem[] }): Promise<Reservation> {
      return asActivity(() => inventory.reserve(request, idempotencyKey()));
    },

    releaseReservation({ orderId }: { orderId: string }): Promise<void> {
      return compensationAttempt('releaseReservation', async () => {
        const reservations = await inventory.findReservations(orderId);
        for (const { reservationId } of reservations.filter((r) => r.status === 'HELD')) {
          await inventory.release(reservationId, idempotencyKeyFor(reservationId));
        }
      });
    },

    confirmReservation({ reservationId }: { reservationId: string }): Promise<void> {
      return asActivity(() => inventory.confirm(reservationId, idempotencyKey()));
    },

    chargePayment(request: ChargeRequest): Promise<Charge> {
      return asActivity(() => payment.charge(request, idempotencyKey()));
    },

    /** The charge as the payment provider has it now: the only proof that it succeeded. */
    getCharge({ chargeId }: { chargeId: string }): Promise<ChargeRecord> {
      return asActivity(() => payment.getCharge(chargeId));
    },

    /**
     * Kept for runs started before the card challenge was read from the provider: their histories
     * schedule it. It only reads: succeeds once the charge SUCCEEDED, declines a DECLINED one and
     * otherwise fails retryably; it can no longer move a charge on.
     */
    confirmPayment({ chargeId }: { chargeId: string }): Promise<void> {
      return asActivity(async () => {
        const { status } = await payment.getCharge(chargeId);
        if (status === 'SUCCEEDED') return;
        if (status === 'DECLINED') {
          throw new ParticipantRefusal('PAYMENT_DECLINED', `Charge ${chargeId} was declined`);
        }
        throw new ParticipantUnavailable(`Charge ${chargeId} is ${status}, not SUCCEEDED yet`);
      });
    },

    refundPayment({ orderId }: { orderId: string }): Promise<void> {
      return compensationAttempt('refundPayment', async () => {
        const charges = await payment.findCharges(orderId);
        const undoable = charges.filter(
          (c) => c.status === 'SUCCEEDED' || c.status === 'REQUIRES_ACTION',
        );
        for (const { chargeId } of undoable) {
          await payment.refund(chargeId, idempotencyKeyFor(chargeId));
        }
      });
    },

    scheduleShipping(request: ShipmentRequest): Promise<Shipment> {
      return asActivity(() => shipping.schedule(request, idempotencyKey()));
    },

    cancelShipment({ orderId }: { orderId: string }): Promise<void> {
      return compensationAttempt('cancelShipment', async () => {
        const shipments = await shipping.findShipments(orderId);
        for (const { shipmentId } of shipments.filter((s) => s.status === 'SCHEDULED')) {
          await shipping.cancel(shipmentId, idempotencyKeyFor(shipmentId));
        }
      });
    },

    sendConfirmation(message: OrderConfirmation): Promise<void> {
      return asActivity(() => notification.sendOrderConfirmation(message, idempotencyKey()));
    },

    /**
     * Idempotent: the event's id is `<orderId>:<type>`, so consumers drop a repeat. An event its
     * schema refuses is never published; a broker that is down fails the attempt, which is retried.
     */
    publishOrderEvent(event: OrderEvent): Promise<void> {
      return publishOrderEvent(orderEvents, event);
    },
  };
}

export type CheckoutActivities = ReturnType<typeof createActivities>;
