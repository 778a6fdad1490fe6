import type {
  Money,
  OrderItem,
  PricedItem,
  ShippingAddress,
} from '../../workflows/checkout/order.js';
import type { OrderEventPublisher } from './order-events/order-event-publisher.js';

export type { OrderEvent, OrderEventPublisher } from './order-events/order-event-publisher.js';

/**
 * The saga's participants as the activities see them. Every mutating call takes the idempotency
 * key `<workflowId>:<step>`: a repeat with the same key returns the first outcome.
 *
 * Adapters throw ParticipantRefusal for a business refusal (never retried) and
 * ParticipantUnavailable for anything transient (retried).
 */

export type ReservationStatus = 'HELD' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED';

export interface Reservation {
  reservationId: string;
  lines: PricedItem[];
  total: Money;
  /** ISO-8601; an unconfirmed hold is released after it. */
  expiresAt: string;
}

export interface ReservationRecord {
  reservationId: string;
  orderId: string;
  status: ReservationStatus;
  lines: PricedItem[];
}

export interface InventoryPort {
  reserve(
    request: { orderId: string; items: OrderItem[] },
    idempotencyKey: string,
  ): Promise<Reservation>;
  confirm(reservationId: string, idempotencyKey: string): Promise<void>;
  /** A no-op for a reservation that is already released or expired. */
  release(reservationId: string, idempotencyKey: string): Promise<void>;
  findReservations(orderId: string): Promise<ReservationRecord[]>;
}

export type ChargeStatus = 'SUCCEEDED' | 'REQUIRES_ACTION' | 'DECLINED' | 'REFUNDED' | 'CANCELED';

export interface ChargeRequest {
  orderId: string;
  customerId: string;
  amount: number;
  currency: string;
  token: string;
}

export interface Charge {
  chargeId: string;
  /** REQUIRES_ACTION waits for the customer to pass the card's challenge at `nextAction.url`. */
  status: 'SUCCEEDED' | 'REQUIRES_ACTION';
  /** Present while REQUIRES_ACTION: where the customer completes the challenge. */
  nextAction?: { url: string };
}

export interface ChargeRecord {
  chargeId: string;
  orderId: string;
  amount: number;
  status: ChargeStatus;
}

export interface PaymentPort {
  charge(request: ChargeRequest, idempotencyKey: string): Promise<Charge>;
  /**
   * The charge as the provider has it now. Only the customer passing the challenge (at the
   * provider) moves a REQUIRES_ACTION charge on; the checkout can only read the outcome.
   */
  getCharge(chargeId: string): Promise<ChargeRecord>;
  /** Refunds a succeeded charge once, voids one still awaiting action; a no-op otherwise. */
  refund(chargeId: string, idempotencyKey: string): Promise<void>;
  findCharges(orderId: string): Promise<ChargeRecord[]>;
}

export type ShipmentStatus = 'SCHEDULED' | 'CANCELLED';

export interface ShipmentRequest {
  orderId: string;
  address: ShippingAddress;
  items: OrderItem[];
}

export interface Shipment {
  shipmentId: string;
  trackingNumber: string;
}

export interface ShipmentRecord extends Shipment {
  orderId: string;
  status: ShipmentStatus;
}

export interface ShippingPort {
  schedule(request: ShipmentRequest, idempotencyKey: string): Promise<Shipment>;
  /** A no-op for a shipment that is already cancelled. */
  cancel(shipmentId: string, idempotencyKey: string): Promise<void>;
  findShipments(orderId: string): Promise<ShipmentRecord[]>;
}

export interface OrderConfirmation {
  orderId: string;
  customerId: string;
  items: PricedItem[];
  total: Money;
  trackingNumber: string;
}

export interface NotificationPort {
  sendOrderConfirmation(message: OrderConfirmation, idempotencyKey: string): Promise<void>;
}

export interface CheckoutAdapters {
  inventory: InventoryPort;
  payment: PaymentPort;
  shipping: ShippingPort;
  notification: NotificationPort;
  /** The order's lifecycle events (`checkout.order.*`). */
  orderEvents: OrderEventPublisher;
}
