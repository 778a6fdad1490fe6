/**
 * The domain events' topics, the event types each carries and the CloudEvents `source` of each
 * producer. Every event is keyed by its orderId, so one order's events stay in order.
 */
export const EVENT_TOPICS = {
  'checkout.orders': [
    'checkout.order.placed',
    'checkout.order.completed',
    'checkout.order.failed',
    'checkout.order.cancelled',
  ],
  'inventory.reservations': [
    'inventory.reservation.held',
    'inventory.reservation.confirmed',
    'inventory.reservation.released',
    'inventory.reservation.expired',
  ],
  'payment.charges': [
    'payment.charge.succeeded',
    'payment.charge.requires_action',
    'payment.charge.declined',
    'payment.charge.refunded',
    'payment.charge.canceled',
  ],
  'shipping.shipments': ['shipping.shipment.scheduled', 'shipping.shipment.cancelled'],
} as const;

export type EventTopic = keyof typeof EVENT_TOPICS;
export type EventType = (typeof EVENT_TOPICS)[EventTopic][number];

export const TOPICS = Object.keys(EVENT_TOPICS) as EventTopic[];
export const EVENT_TYPES: EventType[] = Object.values(EVENT_TOPICS).flat();

/** The `source` attribute of each topic's producer. */
export const TOPIC_SOURCES = {
  'checkout.orders': '/checkout/worker',
  'inventory.reservations': '/inventory',
  'payment.charges': '/payment',
  'shipping.shipments': '/shipping',
} as const satisfies Record<EventTopic, string>;

export type EventSource = (typeof TOPIC_SOURCES)[EventTopic];

/** The event types of one topic. */
export type EventTypeOf<Topic extends EventTopic> = (typeof EVENT_TOPICS)[Topic][number];

const TOPIC_OF_TYPE = new Map<string, EventTopic>(
  TOPICS.flatMap((topic) => EVENT_TOPICS[topic].map((type) => [type, topic] as const)),
);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && TOPIC_OF_TYPE.has(value);
}

/** The topic an event type is published on. */
export function topicOf(type: EventType): EventTopic {
  const topic = TOPIC_OF_TYPE.get(type);
  if (topic === undefined) throw new Error(`Unknown event type ${type}`);
  return topic;
}

/** The `source` an event of this type carries. */
export function sourceOf(type: EventType): EventSource {
  return TOPIC_SOURCES[topicOf(type)];
}

/** Version 1 of each type's schema: `dataschema` of the events and `$id` of the schema file. */
export function schemaIdOf(type: EventType): string {
  return `urn:checkout-saga:events:${type}:v1`;
}
