import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Shipment, ShipmentRecord } from '../../activities/adapters/ports.js';
import {
  get,
  post,
  startTestShipping,
  uniqueId,
  type Problem,
  type TestService,
} from '../support/participants.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

interface Undo {
  shipmentId: string;
  status: string | null;
  outcome: string;
}

describe('shipping service', () => {
  let shipping: TestService;

  beforeAll(async () => {
    shipping = await startTestShipping();
  });

  afterAll(async () => {
    await shipping.close();
  });

  const schedule = (orderId: string, address = SAMPLE_ADDRESS) =>
    post<Shipment>(shipping, '/shipments', {
      orderId,
      address,
      items: [{ sku: 'SKU-001', quantity: 2 }],
    });

  const shipmentsOf = async (orderId: string) =>
    (await get<ShipmentRecord[]>(shipping, `/shipments?orderId=${orderId}`)).body;

  it('schedules a shipment with a tracking number', async () => {
    const orderId = uniqueId('order');

    const { status, body } = await schedule(orderId);

    expect(status).toBe(201);
    expect(body).toEqual({
      shipmentId: expect.stringMatching(/^shp_/),
      trackingNumber: expect.stringMatching(/^TRK[0-9A-F]{16}$/),
    });
    expect(await shipmentsOf(orderId)).toEqual([{ ...body, orderId, status: 'SCHEDULED' }]);
  });

  it('refuses the undeliverable country AQ with ADDRESS_UNDELIVERABLE and schedules nothing', async () => {
    const orderId = uniqueId('order');

    const { status, body } = await schedule(orderId, { ...SAMPLE_ADDRESS, country: 'AQ' });

    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'ADDRESS_UNDELIVERABLE' });
    expect(await shipmentsOf(orderId)).toEqual([]);
  });

  it('cancels a shipment, then answers later cancellations as no-ops', async () => {
    const orderId = uniqueId('order');
    const { body } = await schedule(orderId);
    const path = `/shipments/${body.shipmentId}/cancel`;

    const first = await post<Undo>(shipping, path, undefined);
    const second = await post<Undo>(shipping, path, undefined);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'CANCELLED', outcome: 'UNDONE' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'CANCELLED', outcome: 'ALREADY_UNDONE' });
    expect(await shipmentsOf(orderId)).toEqual([
      expect.objectContaining({ shipmentId: body.shipmentId, status: 'CANCELLED' }),
    ]);
  });

  it('treats cancelling an unknown shipment as a no-op', async () => {
    const { status, body } = await post<Undo>(shipping, '/shipments/shp_unknown/cancel', {});

    expect(status).toBe(200);
    expect(body).toEqual({ shipmentId: 'shp_unknown', status: null, outcome: 'NOTHING_TO_UNDO' });
  });

  it('answers a malformed shipment with 400 naming each bad field', async () => {
    const { status, body } = await post<Problem>(shipping, '/shipments', {
      orderId: uniqueId('order'),
      address: { ...SAMPLE_ADDRESS, postalCode: '', country: 'USA' },
      items: [],
    });

    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors?.map((e) => e.field).sort()).toEqual([
      'address.country',
      'address.postalCode',
      'items',
    ]);
  });
});
