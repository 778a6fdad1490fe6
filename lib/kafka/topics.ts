/** The domain-event topics, each keyed by orderId so that an order's events stay in order. */
export const EVENT_TOPICS = [
  'checkout.orders',
  'inventory.reservations',
  'payment.charges',
  'shipping.shipments',
] as const;

export type EventTopic = (typeof EVENT_TOPICS)[number];
