import { describe, expect, it } from '@jest/globals';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  cloudEvent,
  EVENT_TYPES,
  eventJsonSchema,
  schemaFileName,
  schemaIdOf,
  validateEvent,
  type CloudEvent,
  type EventData,
  type EventType,
} from '../../lib/events/index.js';

const SCHEMAS_DIR = fileURLToPath(new URL('../../lib/events/schemas', import.meta.url));

const ORDER_ID = 'order-1';
const USD = (amount: number) => ({ amount, currency: 'USD' });

/** One realistic `data` per type, as the producers write them. */
const SAMPLE_DATA: { [Type in EventType]: EventData<Type> } = {
  'checkout.order.placed': {
    orderId: ORDER_ID,
    customerId: 'customer-1',
    items: [{ sku: 'SKU-001', quantity: 2 }],
  },
  'checkout.order.completed': { orderId: ORDER_ID, customerId: 'customer-1', total: USD(49800) },
  'checkout.order.failed': {
    orderId: ORDER_ID,
    customerId: 'customer-1',
    total: USD(49800),
    failure: { step: 'chargePayment', code: 'PAYMENT_DECLINED' },
  },
  'checkout.order.cancelled': { orderId: ORDER_ID, customerId: 'customer-1' },
  'inventory.reservation.held': {
    orderId: ORDER_ID,
    reservationId: 'res_1',
    items: [{ sku: 'SKU-001', quantity: 2, unitPrice: 24900 }],
    total: USD(49800),
    expiresAt: '2026-12-04T10:30:00.000Z',
  },
  'inventory.reservation.confirmed': { orderId: ORDER_ID, reservationId: 'res_1' },
  'inventory.reservation.released': { orderId: ORDER_ID, reservationId: 'res_1' },
  'inventory.reservation.expired': { orderId: ORDER_ID, reservationId: 'res_1' },
  'payment.charge.succeeded': { orderId: ORDER_ID, chargeId: 'ch_1', amount: USD(49800) },
  'payment.charge.requires_action': { orderId: ORDER_ID, chargeId: 'ch_1', amount: USD(49800) },
  'payment.charge.declined': {
    orderId: ORDER_ID,
    chargeId: 'ch_1',
    amount: USD(49800),
    code: 'card_declined',
  },
  'payment.charge.refunded': { orderId: ORDER_ID, chargeId: 'ch_1', amount: USD(49800) },
  'payment.charge.canceled': { orderId: ORDER_ID, chargeId: 'ch_1', amount: USD(49800) },
  'shipping.shipment.scheduled': {
    orderId: ORDER_ID,
    shipmentId: 'shp_1',
    trackingNumber: 'TRK0123456789ABCDEF',
  },
  'shipping.shipment.cancelled': { orderId: ORDER_ID, shipmentId: 'shp_1' },
};

function sampleEvent(type: EventType): CloudEvent {
  return cloudEvent(type, SAMPLE_DATA[type], { id: `evt-${type}` });
}

async function schemaFile(type: EventType): Promise<Record<string, unknown>> {
  const text = await readFile(`${SCHEMAS_DIR}/${schemaFileName(type)}`, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/** A validator built from the file alone, independent of the zod schemas it came from. */
async function fileValidator(type: EventType): Promise<z.ZodType> {
  return z.fromJSONSchema(await schemaFile(type));
}

describe('event JSON Schema files', () => {
  it('hold exactly one file per event type', async () => {
    const files = (await readdir(SCHEMAS_DIR)).filter((file) => file.endsWith('.v1.json')).sort();
    expect(files).toEqual(EVENT_TYPES.map(schemaFileName).sort());
  });

  it.each(EVENT_TYPES)(
    '%s: the file matches the zod schema (npm run events:schemas)',
    async (type) => {
      const file = await schemaFile(type);
      expect(file).toEqual(eventJsonSchema(type));
      expect(file.$id).toBe(schemaIdOf(type));
      expect(schemaIdOf(type)).toMatch(/:v1$/);
    },
  );

  it.each(EVENT_TYPES)(
    '%s: a producer-built event satisfies both zod and the file',
    async (type) => {
      const event = sampleEvent(type);
      expect(validateEvent(event)).toEqual(event);
      expect(event.dataschema).toBe(schemaIdOf(type));
      const result = (await fileValidator(type)).safeParse(JSON.parse(JSON.stringify(event)));
      expect(result.error).toBeUndefined();
    },
  );

  it.each(EVENT_TYPES)(
    '%s: data with a payment token, a name or an address is refused by both',
    async (type) => {
      const validator = await fileValidator(type);
      for (const leak of [
        { token: 'tok_visa' },
        { name: 'Ada Lovelace' },
        { address: { line1: '1 Main St', city: 'London', country: 'GB' } },
        { shippingAddress: { line1: '1 Main St' } },
      ]) {
        const event = { ...sampleEvent(type), data: { ...SAMPLE_DATA[type], ...leak } };
        expect(() => validateEvent(event)).toThrow(/data: Unrecognized key/);
        expect(validator.safeParse(event).success).toBe(false);
      }
    },
  );

  it.each(EVENT_TYPES)('%s: data without an orderId is refused by both', async (type) => {
    const withoutOrderId: Partial<EventData> = { ...SAMPLE_DATA[type] };
    delete withoutOrderId.orderId;
    const event = { ...sampleEvent(type), data: withoutOrderId };
    expect(() => validateEvent(event)).toThrow(/data\.orderId/);
    expect((await fileValidator(type)).safeParse(event).success).toBe(false);
  });

  it('the files refuse an event of another type or source', async () => {
    const validator = await fileValidator('payment.charge.succeeded');
    const refunded = sampleEvent('payment.charge.refunded');
    expect(validator.safeParse(refunded).success).toBe(false);
    const elsewhere = { ...sampleEvent('payment.charge.succeeded'), source: '/inventory' };
    expect(validator.safeParse(elsewhere).success).toBe(false);
  });
});
