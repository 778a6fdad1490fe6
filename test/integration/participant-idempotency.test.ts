import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type {
  Charge,
  ChargeRecord,
  Reservation,
  ReservationRecord,
  Shipment,
} from '../../activities/adapters/ports.js';
import {
  get,
  post,
  startTestInventory,
  startTestPayment,
  startTestShipping,
  uniqueId,
  type Problem,
  type TestService,
} from '../support/participants.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

let inventory: TestService;
let payment: TestService;
let shipping: TestService;

beforeAll(async () => {
  [inventory, payment, shipping] = await Promise.all([
    startTestInventory(),
    startTestPayment(),
    startTestShipping(),
  ]);
});

afterAll(async () => {
  await Promise.all([inventory.close(), payment.close(), shipping.close()]);
});

async function newReservation(): Promise<{ id: string; orderId: string }> {
  const orderId = uniqueId('order');
  const { body } = await post<Reservation>(inventory, '/reservations', {
    orderId,
    items: [{ sku: 'SKU-001', quantity: 1 }],
  });
  return { id: body.reservationId, orderId };
}

async function newCharge(token: string): Promise<{ id: string; orderId: string }> {
  const orderId = uniqueId('order');
  const { body } = await post<Charge>(payment, '/charges', {
    orderId,
    customerId: 'cus_123',
    amount: 1000,
    currency: 'USD',
    token,
  });
  return { id: body.chargeId, orderId };
}

async function newShipment(): Promise<{ id: string; orderId: string }> {
  const orderId = uniqueId('order');
  const { body } = await post<Shipment>(shipping, '/shipments', {
    orderId,
    address: SAMPLE_ADDRESS,
    items: [{ sku: 'SKU-001', quantity: 1 }],
  });
  return { id: body.shipmentId, orderId };
}

/** The statuses of an order's records at one participant. */
async function statuses(service: TestService, path: string, orderId: string): Promise<string[]> {
  const { body } = await get<{ status: string }[]>(service, `${path}?orderId=${orderId}`);
  return body.map((record) => record.status);
}

interface MutatingCall {
  service: TestService;
  path: string;
  body: unknown;
  /** The same key sent with this path and body must be refused as reused. */
  other: { path: string; body: unknown };
  /** Whether the call's effect is visible. */
  applied(): Promise<boolean>;
}

/** Every mutating endpoint, with a request that takes effect and a different one. */
const ENDPOINTS: [string, () => Promise<MutatingCall>][] = [
  [
    'POST /reservations',
    () => {
      const body = { orderId: uniqueId('order'), items: [{ sku: 'SKU-002', quantity: 1 }] };
      return Promise.resolve({
        service: inventory,
        path: '/reservations',
        body,
        other: {
          path: '/reservations',
          body: { ...body, items: [{ sku: 'SKU-002', quantity: 2 }] },
        },
        applied: async () => (await statuses(inventory, '/reservations', body.orderId)).length > 0,
      });
    },
  ],
  [
    'POST /reservations/{id}/confirm',
    async () => {
      const [reservation, other] = await Promise.all([newReservation(), newReservation()]);
      return {
        service: inventory,
        path: `/reservations/${reservation.id}/confirm`,
        body: undefined,
        other: { path: `/reservations/${other.id}/confirm`, body: undefined },
        applied: async () =>
          (await statuses(inventory, '/reservations', reservation.orderId)).includes('CONFIRMED'),
      };
    },
  ],
  [
    'POST /reservations/{id}/release',
    async () => {
      const reservation = await newReservation();
      return {
        service: inventory,
        path: `/reservations/${reservation.id}/release`,
        body: undefined,
        other: { path: `/reservations/${reservation.id}/confirm`, body: undefined },
        applied: async () =>
          (await statuses(inventory, '/reservations', reservation.orderId)).includes('RELEASED'),
      };
    },
  ],
  [
    'POST /charges',
    () => {
      const body = {
        orderId: uniqueId('order'),
        customerId: 'cus_123',
        amount: 4200,
        currency: 'USD',
        token: 'tok_visa',
      };
      return Promise.resolve({
        service: payment,
        path: '/charges',
        body,
        other: { path: '/charges', body: { ...body, amount: 4300 } },
        applied: async () => (await statuses(payment, '/charges', body.orderId)).length > 0,
      });
    },
  ],
  [
    'POST /charges/{id}/authenticate',
    async () => {
      const charge = await newCharge('tok_requiresAction');
      return {
        service: payment,
        path: `/charges/${charge.id}/authenticate`,
        body: { result: 'approve' },
        other: { path: `/charges/${charge.id}/authenticate`, body: { result: 'deny' } },
        applied: async () =>
          (await statuses(payment, '/charges', charge.orderId)).includes('SUCCEEDED'),
      };
    },
  ],
  [
    'POST /charges/{id}/refund',
    async () => {
      const charge = await newCharge('tok_visa');
      return {
        service: payment,
        path: `/charges/${charge.id}/refund`,
        body: undefined,
        other: { path: `/charges/${charge.id}/refund`, body: { reason: 'other' } },
        applied: async () =>
          (await statuses(payment, '/charges', charge.orderId)).includes('REFUNDED'),
      };
    },
  ],
  [
    'POST /shipments',
    () => {
      const body = {
        orderId: uniqueId('order'),
        address: SAMPLE_ADDRESS,
        items: [{ sku: 'SKU-001', quantity: 1 }],
      };
      return Promise.resolve({
        service: shipping,
        path: '/shipments',
        body,
        other: {
          path: '/shipments',
          body: { ...body, address: { ...SAMPLE_ADDRESS, city: 'Shelbyville' } },
        },
        applied: async () => (await statuses(shipping, '/shipments', body.orderId)).length > 0,
      });
    },
  ],
  [
    'POST /shipments/{id}/cancel',
    async () => {
      const [shipment, other] = await Promise.all([newShipment(), newShipment()]);
      return {
        service: shipping,
        path: `/shipments/${shipment.id}/cancel`,
        body: undefined,
        other: { path: `/shipments/${other.id}/cancel`, body: undefined },
        applied: async () =>
          (await statuses(shipping, '/shipments', shipment.orderId)).includes('CANCELLED'),
      };
    },
  ],
];

describe.each(ENDPOINTS)('%s', (_name, prepare) => {
  it('replays the first response byte for byte for a repeated key', async () => {
    const request = await prepare();
    const key = randomUUID();

    const first = await post(request.service, request.path, request.body, key);
    const repeat = await post(request.service, request.path, request.body, key);

    expect(first.status).toBeLessThan(300);
    expect(await request.applied()).toBe(true);
    expect(repeat.status).toBe(first.status);
    expect(repeat.text).toBe(first.text);
    expect(repeat.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses the same key for another request with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const request = await prepare();
    const key = randomUUID();
    await post(request.service, request.path, request.body, key);

    const reused = await post<Problem>(
      request.service,
      request.other.path,
      request.other.body,
      key,
    );

    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('requires an Idempotency-Key: 400 naming the header, nothing done', async () => {
    const request = await prepare();

    const missing = await post<Problem>(request.service, request.path, request.body, null);

    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await request.applied()).toBe(false);
  });
});

describe('idempotency', () => {
  it('replays a business refusal as well, and records the declined charge once', async () => {
    const orderId = uniqueId('order');
    const body = {
      orderId,
      customerId: 'c',
      amount: 100,
      currency: 'USD',
      token: 'tok_chargeDeclined',
    };
    const key = randomUUID();

    const first = await post(payment, '/charges', body, key);
    const repeat = await post(payment, '/charges', body, key);

    expect(first.status).toBe(422);
    expect(first.body).toMatchObject({ code: 'PAYMENT_DECLINED' });
    expect(repeat.status).toBe(422);
    expect(repeat.text).toBe(first.text);
    const charges = await get<ChargeRecord[]>(payment, `/charges?orderId=${orderId}`);
    expect(charges.body).toHaveLength(1);
  });

  it('ignores the order of JSON keys when comparing bodies', async () => {
    const orderId = uniqueId('order');
    const key = randomUUID();

    const first = await post(
      inventory,
      '/reservations',
      { orderId, items: [{ sku: 'SKU-003', quantity: 1 }] },
      key,
    );
    const reordered = await post(
      inventory,
      '/reservations',
      { items: [{ quantity: 1, sku: 'SKU-003' }], orderId },
      key,
    );

    expect(reordered.status).toBe(201);
    expect(reordered.text).toBe(first.text);
  });

  it('applies concurrent duplicates once: the others wait, then get the same response', async () => {
    const orderId = uniqueId('order');
    const key = randomUUID();
    const body = { orderId, items: [{ sku: 'SKU-004', quantity: 3 }] };

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(inventory, '/reservations', body, key)),
    );

    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    const reservations = await get<ReservationRecord[]>(
      inventory,
      `/reservations?orderId=${orderId}`,
    );
    expect(reservations.body).toHaveLength(1);
  });
});
