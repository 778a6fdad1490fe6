import { describe, expect, it } from '@jest/globals';
import {
  cloudEvent,
  InvalidCloudEvent,
  parseCloudEvent,
  topicOf,
  TOPICS,
  EVENT_TOPICS,
  sourceOf,
} from '../../lib/events/index.js';

const held = cloudEvent(
  'inventory.reservation.held',
  {
    orderId: 'order-7',
    reservationId: 'res_7',
    items: [{ sku: 'SKU-002', quantity: 1, unitPrice: 8900 }],
    total: { amount: 8900, currency: 'USD' },
    expiresAt: '2026-12-04T10:30:00.000Z',
  },
  { id: '5b0d6f55-8c9e-4a51-9c2b-0d1f8f0c2a11', time: new Date('2026-12-04T10:00:00Z') },
);

function parseError(text: string): InvalidCloudEvent {
  try {
    parseCloudEvent(text);
  } catch (error) {
    if (error instanceof InvalidCloudEvent) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('CloudEvent envelope', () => {
  it('builds the structured-mode envelope from the type and data', () => {
    expect(held).toEqual({
      specversion: '1.0',
      id: '5b0d6f55-8c9e-4a51-9c2b-0d1f8f0c2a11',
      source: '/inventory',
      type: 'inventory.reservation.held',
      subject: 'order-7',
      time: '2026-12-04T10:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'urn:checkout-saga:events:inventory.reservation.held:v1',
      data: held.data,
    });
  });

  it('knows the four topics, their types and sources', () => {
    expect(TOPICS).toEqual([
      'checkout.orders',
      'inventory.reservations',
      'payment.charges',
      'shipping.shipments',
    ]);
    expect(EVENT_TOPICS['payment.charges']).toContain('payment.charge.requires_action');
    expect(topicOf('shipping.shipment.cancelled')).toBe('shipping.shipments');
    expect(sourceOf('checkout.order.placed')).toBe('/checkout/worker');
  });
});

describe('parseCloudEvent', () => {
  it('returns the typed event, extension attributes kept', () => {
    const text = JSON.stringify({ ...held, traceparent: '00-abc-def-01' });
    const event = parseCloudEvent(text);
    expect(event.type).toBe('inventory.reservation.held');
    if (event.type === 'inventory.reservation.held') expect(event.data.total.amount).toBe(8900);
    expect(event).toMatchObject({ traceparent: '00-abc-def-01' });
  });

  it('accepts an event without dataschema (the workflow publishes none)', () => {
    const withoutSchema: Partial<typeof held> = { ...held };
    delete withoutSchema.dataschema;
    expect(parseCloudEvent(JSON.stringify(withoutSchema)).id).toBe(held.id);
  });

  it('says when the value is not JSON or not an object', () => {
    expect(parseError('{"id":').message).toMatch(/^Invalid CloudEvent: not JSON/);
    expect(parseError('[1]').message).toBe('Invalid CloudEvent: not a JSON object');
  });

  it('names an unknown or missing type', () => {
    const unknown = parseError(JSON.stringify({ ...held, type: 'inventory.reservation.lost' }));
    expect(unknown.message).toContain('type: unknown event type "inventory.reservation.lost"');
    const untyped: Partial<typeof held> = { ...held };
    delete untyped.type;
    expect(parseError(JSON.stringify(untyped)).message).toContain('type: missing');
  });

  it('names every wrong attribute and data field, with the event id and type', () => {
    const error = parseError(
      JSON.stringify({
        ...held,
        specversion: '0.3',
        source: '/payment',
        subject: 'order-8',
        time: 'yesterday',
        data: { ...held.data, total: { amount: -1, currency: 'usd' }, token: 'tok_visa' },
      }),
    );
    expect(error.message).toMatch(
      /^Invalid CloudEvent "5b0d6f55-8c9e-4a51-9c2b-0d1f8f0c2a11" of type inventory.reservation.held: /,
    );
    const fields = error.problems.map((problem) => problem.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'specversion',
        'source',
        'time',
        'data.total.amount',
        'data.total.currency',
        'data',
      ]),
    );
    expect(error.problems).toContainEqual(expect.stringContaining('token'));
  });

  it('refuses a subject other than data.orderId', () => {
    const error = parseError(JSON.stringify({ ...held, subject: 'order-8' }));
    expect(error.problems).toEqual(['subject: must equal data.orderId']);
  });
});
