import { z } from 'zod';
import type { EventType } from './event-types.js';

/*
 * What each event type's `data` holds. Every one carries the orderId. None may carry a payment
 * token, a name or an address: the objects are strict, so a field that is not listed here is
 * refused rather than published.
 */

const text = (max: number) => z.string().min(1).max(max);

const orderId = text(200).describe('The order the event belongs to; also the message key.');
const customerId = text(200).describe('The customer who placed the order (an opaque id).');

const money = z
  .strictObject({
    amount: z.int().min(0).describe('Integer minor units (cents).'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .describe('ISO 4217 code, e.g. USD.'),
  })
  .describe('An amount of money.');

const sku = text(64).describe('Catalog SKU, e.g. SKU-001.');
const quantity = z.int().min(1);

const orderItem = z.strictObject({ sku, quantity });
const pricedItem = z.strictObject({
  sku,
  quantity,
  unitPrice: z.int().min(0).describe('Price of one unit in minor units.'),
});

const reservation = { orderId, reservationId: text(200) };
const charge = { orderId, chargeId: text(200), amount: money };
const shipment = { orderId, shipmentId: text(200) };

export const EVENT_DATA_SCHEMAS = {
  'checkout.order.placed': z.strictObject({
    orderId,
    customerId,
    items: z.array(orderItem).min(1),
  }),
  'checkout.order.completed': z.strictObject({ orderId, customerId, total: money }),
  'checkout.order.failed': z.strictObject({
    orderId,
    customerId,
    total: money.optional(),
    failure: z
      .strictObject({
        step: text(100).describe('The saga step that failed.'),
        code: text(100).describe('Machine-readable reason, e.g. PAYMENT_DECLINED.'),
      })
      .describe('Why the order failed.'),
  }),
  'checkout.order.cancelled': z.strictObject({ orderId, customerId, total: money.optional() }),

  'inventory.reservation.held': z.strictObject({
    ...reservation,
    items: z.array(pricedItem).min(1),
    total: money,
    expiresAt: z.iso.datetime({ offset: true }).describe('When the hold lapses unless confirmed.'),
  }),
  'inventory.reservation.confirmed': z.strictObject(reservation),
  'inventory.reservation.released': z.strictObject(reservation),
  'inventory.reservation.expired': z.strictObject(reservation),

  'payment.charge.succeeded': z.strictObject(charge),
  'payment.charge.requires_action': z.strictObject(charge),
  'payment.charge.declined': z.strictObject({
    ...charge,
    code: text(100).describe('The decline code, e.g. card_declined.'),
  }),
  'payment.charge.refunded': z.strictObject(charge),
  'payment.charge.canceled': z.strictObject(charge),

  'shipping.shipment.scheduled': z.strictObject({ ...shipment, trackingNumber: text(100) }),
  'shipping.shipment.cancelled': z.strictObject(shipment),
} as const satisfies Record<EventType, z.ZodType<{ orderId: string }>>;

/** The `data` of an event of this type. */
export type EventData<Type extends EventType = EventType> = z.infer<
  (typeof EVENT_DATA_SCHEMAS)[Type]
>;
