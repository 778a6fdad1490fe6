import { randomUUID } from 'node:crypto';
import { isEventType, schemaIdOf } from '../../lib/events/index.js';

/** A CloudEvent as the producers publish it (JSON structured mode). */
export interface TestCloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema?: string;
  data: { orderId: string } & Record<string, unknown>;
}

export const TOTAL = { amount: 49800, currency: 'USD' };

/** The event types each path of the saga publishes, in the order it publishes them. */
export const PATHS = {
  completed: [
    'checkout.order.placed',
    'inventory.reservation.held',
    'payment.charge.succeeded',
    'shipping.shipment.scheduled',
    'inventory.reservation.confirmed',
    'checkout.order.completed',
  ],
  declined: [
    'checkout.order.placed',
    'inventory.reservation.held',
    'payment.charge.declined',
    'inventory.reservation.released',
    'checkout.order.failed',
  ],
  outOfStock: ['checkout.order.placed', 'checkout.order.failed'],
  cancelled: [
    'checkout.order.placed',
    'inventory.reservation.held',
    'inventory.reservation.released',
    'checkout.order.cancelled',
  ],
  shippingRefused: [
    'checkout.order.placed',
    'inventory.reservation.held',
    'payment.charge.succeeded',
    'payment.charge.refunded',
    'inventory.reservation.released',
    'checkout.order.failed',
  ],
  challengeApproved: [
    'checkout.order.placed',
    'inventory.reservation.held',
    'payment.charge.requires_action',
    'payment.charge.succeeded',
    'shipping.shipment.scheduled',
    'inventory.reservation.confirmed',
    'checkout.order.completed',
  ],
  challengeDenied: [
    'checkout.order.placed',
    'inventory.reservation.held',
    'payment.charge.requires_action',
    'payment.charge.declined',
    'inventory.reservation.released',
    'checkout.order.failed',
  ],
} as const;

export type SagaPath = keyof typeof PATHS;

const SOURCES: Record<string, string> = {
  checkout: '/checkout/worker',
  inventory: '/inventory',
  payment: '/payment',
  shipping: '/shipping',
};

export const TOPIC_OF_SOURCE: Record<string, string> = {
  checkout: 'checkout.orders',
  inventory: 'inventory.reservations',
  payment: 'payment.charges',
  shipping: 'shipping.shipments',
};

export function topicOf(type: string): string {
  const topic = TOPIC_OF_SOURCE[type.split('.')[0] ?? ''];
  if (!topic) throw new Error(`no topic for ${type}`);
  return topic;
}

/** One event of an order, with the data the producers put in it. */
export function orderEvent(
  type: string,
  order: { orderId: string; customerId: string },
  time: Date,
): TestCloudEvent {
  const domain = type.split('.')[0] ?? '';
  const lifecycle = domain === 'checkout';
  return {
    specversion: '1.0',
    id: lifecycle ? `${order.orderId}:${type}` : randomUUID(),
    source: SOURCES[domain] ?? '/unknown',
    type,
    subject: order.orderId,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    ...(isEventType(type) ? { dataschema: schemaIdOf(type) } : {}),
    data: { orderId: order.orderId, ...dataOf(type, order) },
  };
}

function dataOf(type: string, order: { customerId: string }): Record<string, unknown> {
  switch (type) {
    case 'checkout.order.placed':
      return { customerId: order.customerId, items: [{ sku: 'SKU-001', quantity: 2 }] };
    case 'checkout.order.completed':
    case 'checkout.order.cancelled':
      return { customerId: order.customerId, total: TOTAL };
    case 'checkout.order.failed':
      return {
        customerId: order.customerId,
        total: TOTAL,
        failure: { step: 'chargePayment', code: 'PAYMENT_DECLINED' },
      };
    case 'inventory.reservation.held':
      return {
        reservationId: `res_${randomUUID()}`,
        items: [{ sku: 'SKU-001', quantity: 2, unitPrice: TOTAL.amount / 2 }],
        total: TOTAL,
        expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      };
    case 'payment.charge.declined':
      return { chargeId: `ch_${randomUUID()}`, amount: TOTAL, code: 'card_declined' };
    case 'shipping.shipment.scheduled':
      return { shipmentId: `shp_${randomUUID()}`, trackingNumber: `TRK${Date.now()}` };
    default:
      if (type.startsWith('inventory.')) return { reservationId: `res_${randomUUID()}` };
      if (type.startsWith('payment.')) return { chargeId: `ch_${randomUUID()}`, amount: TOTAL };
      return { shipmentId: `shp_${randomUUID()}` };
  }
}

/** A path's events for one order, one millisecond apart from `startedAt`. */
export function pathEvents(
  path: SagaPath,
  order: { orderId: string; customerId: string },
  startedAt = new Date(),
): TestCloudEvent[] {
  return PATHS[path].map((type, index) =>
    orderEvent(type, order, new Date(startedAt.getTime() + index)),
  );
}

export function newOrder(customerId = `cus_${randomUUID().slice(0, 8)}`): {
  orderId: string;
  customerId: string;
} {
  return { orderId: `ord_${randomUUID().replaceAll('-', '')}`, customerId };
}

/** Same elements, a random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
