import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Reservation, ReservationRecord } from '../../activities/adapters/ports.js';
import type { Product } from '../../apps/inventory/products.repository.js';
import {
  eventually,
  get,
  passed,
  post,
  productOf,
  SCARCE_SKU,
  startTestInventory,
  uniqueId,
  withDatabase,
  type Problem,
  type TestService,
} from '../support/participants.js';

interface Undo {
  reservationId: string;
  status: string | null;
  outcome: string;
}

describe('inventory service', () => {
  let inventory: TestService;

  beforeAll(async () => {
    inventory = await startTestInventory();
  });

  afterAll(async () => {
    await inventory.close();
  });

  const product = (sku: string) => productOf(inventory, sku);

  const reserve = (items: { sku: string; quantity: number }[], orderId = uniqueId('order')) =>
    post<Reservation>(inventory, '/reservations', { orderId, items });

  it('lists the seeded catalog with integer prices and the scarce SKU', async () => {
    const { status, body } = await get<Product[]>(inventory, '/products');

    expect(status).toBe(200);
    expect(body.map((p) => p.sku)).toEqual(
      expect.arrayContaining(['SKU-001', 'SKU-002', 'SKU-003', SCARCE_SKU]),
    );
    expect(body.find((p) => p.sku === SCARCE_SKU)).toMatchObject({ available: 5, reserved: 0 });
    for (const p of body) expect(Number.isInteger(p.price)).toBe(true);
  });

  it('refuses a price claimed by the client, naming the field', async () => {
    const claim = await post<Problem>(inventory, '/reservations', {
      orderId: uniqueId('order'),
      items: [{ sku: 'SKU-002', quantity: 2, unitPrice: 1 }],
    });

    expect(claim.status).toBe(400);
    expect(claim.body.errors).toEqual([{ field: 'items[0].unitPrice', message: 'Unknown field' }]);
  });

  it('holds stock at catalog prices', async () => {
    const before = await product('SKU-002');
    const orderId = uniqueId('order');

    const { status, body } = await post<Reservation>(inventory, '/reservations', {
      orderId,
      items: [
        { sku: 'SKU-002', quantity: 2 },
        { sku: 'SKU-003', quantity: 1 },
      ],
    });

    expect(status).toBe(201);
    const frotherPrice = (await product('SKU-003')).price;
    expect(body.lines).toEqual([
      { sku: 'SKU-002', quantity: 2, unitPrice: before.price },
      { sku: 'SKU-003', quantity: 1, unitPrice: frotherPrice },
    ]);
    expect(body.total).toEqual({ amount: 2 * before.price + frotherPrice, currency: 'USD' });
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await product('SKU-002')).toMatchObject({
      available: before.available - 2,
      reserved: before.reserved + 2,
    });

    const records = await get<ReservationRecord[]>(inventory, `/reservations?orderId=${orderId}`);
    expect(records.body).toEqual([
      expect.objectContaining({
        reservationId: body.reservationId,
        orderId,
        status: 'HELD',
        lines: body.lines,
      }),
    ]);
  });

  it('merges repeated SKUs into one line', async () => {
    const { body } = await reserve([
      { sku: 'SKU-004', quantity: 1 },
      { sku: 'SKU-001', quantity: 1 },
      { sku: 'SKU-004', quantity: 2 },
    ]);

    expect(body.lines.map(({ sku, quantity }) => ({ sku, quantity }))).toEqual([
      { sku: 'SKU-004', quantity: 3 },
      { sku: 'SKU-001', quantity: 1 },
    ]);
  });

  it('refuses unknown SKUs with UNKNOWN_SKU and holds nothing', async () => {
    const before = await product('SKU-001');

    const { status, headers, body } = await reserve([
      { sku: 'SKU-001', quantity: 1 },
      { sku: 'SKU-NOPE', quantity: 1 },
    ]);

    expect(status).toBe(422);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'UNKNOWN_SKU', status: 422 });
    expect((body as unknown as Problem).detail).toContain('SKU-NOPE');
    expect(await product('SKU-001')).toEqual(before);
  });

  it('refuses a shortage with INSUFFICIENT_STOCK and undoes the lines it had held', async () => {
    const cheap = await product('SKU-001');
    const scarce = await product(SCARCE_SKU);

    const { status, body } = await reserve([
      { sku: 'SKU-001', quantity: 1 },
      { sku: SCARCE_SKU, quantity: scarce.available + 1 },
    ]);

    expect(status).toBe(422);
    expect(body).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    expect(await product('SKU-001')).toEqual(cheap);
    expect(await product(SCARCE_SKU)).toEqual(scarce);
  });

  it('confirms a hold: the units leave the warehouse for good', async () => {
    const before = await product('SKU-001');
    const { body: reservation } = await reserve([{ sku: 'SKU-001', quantity: 3 }]);

    const confirmed = await post(
      inventory,
      `/reservations/${reservation.reservationId}/confirm`,
      undefined,
    );

    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({
      reservationId: reservation.reservationId,
      status: 'CONFIRMED',
    });
    expect(await product('SKU-001')).toMatchObject({
      available: before.available - 3,
      reserved: before.reserved,
    });
  });

  it('releases a hold, then answers later releases as no-ops', async () => {
    const before = await product('SKU-003');
    const { body: reservation } = await reserve([{ sku: 'SKU-003', quantity: 2 }]);
    const path = `/reservations/${reservation.reservationId}/release`;

    const first = await post<Undo>(inventory, path, undefined);
    const second = await post<Undo>(inventory, path, undefined);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'RELEASED', outcome: 'UNDONE' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'RELEASED', outcome: 'ALREADY_UNDONE' });
    expect(await product('SKU-003')).toEqual(before);
  });

  it('treats the release of an unknown reservation as a no-op', async () => {
    const { status, body } = await post<Undo>(inventory, '/reservations/res_unknown/release', {});

    expect(status).toBe(200);
    expect(body).toEqual({
      reservationId: 'res_unknown',
      status: null,
      outcome: 'NOTHING_TO_UNDO',
    });
  });

  it('refuses to release a confirmed reservation', async () => {
    const { body: reservation } = await reserve([{ sku: 'SKU-001', quantity: 1 }]);
    await post(inventory, `/reservations/${reservation.reservationId}/confirm`, undefined);

    const { status, body } = await post(
      inventory,
      `/reservations/${reservation.reservationId}/release`,
      undefined,
    );

    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'RESERVATION_CONFIRMED' });
  });

  it('refuses to confirm a released or unknown reservation', async () => {
    const { body: reservation } = await reserve([{ sku: 'SKU-001', quantity: 1 }]);
    await post(inventory, `/reservations/${reservation.reservationId}/release`, undefined);

    const released = await post(
      inventory,
      `/reservations/${reservation.reservationId}/confirm`,
      undefined,
    );
    const unknown = await post(inventory, '/reservations/res_unknown/confirm', undefined);

    expect(released.status).toBe(409);
    expect(released.body).toMatchObject({ code: 'RESERVATION_RELEASED' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'RESERVATION_NOT_FOUND' });
  });

  it('answers a malformed reservation with 400 naming each bad field', async () => {
    const { status, body } = await post<Problem>(inventory, '/reservations', {
      items: [{ sku: 'SKU-001', quantity: 0 }],
    });

    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['items[0].quantity', 'orderId']);
  });

  it('requires orderId to list reservations', async () => {
    const { status, body } = await get<Problem>(inventory, '/reservations');

    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.field)).toEqual(['orderId']);
  });

  it('lets the database refuse stock below zero, whatever the code does', async () => {
    const attempt = withDatabase(inventory.databaseUrl, (client) =>
      client.query('UPDATE products SET reserved = on_hand + 1 WHERE sku = $1', [SCARCE_SKU]),
    );

    await expect(attempt).rejects.toMatchObject({ code: '23514' });
  });
});

describe('inventory reservation expiry', () => {
  it('releases the stock of a hold that outlives its TTL', async () => {
    const inventory = await startTestInventory({
      reservationTtlSeconds: 1,
      sweepIntervalMs: 100,
    });
    try {
      const orderId = uniqueId('order');
      const reservation = await post<Reservation>(inventory, '/reservations', {
        orderId,
        items: [{ sku: SCARCE_SKU, quantity: 2 }],
      });
      expect(reservation.status).toBe(201);

      const records = await eventually(
        async () =>
          (await get<ReservationRecord[]>(inventory, `/reservations?orderId=${orderId}`)).body,
        (list) => list[0]?.status === 'EXPIRED',
      );

      expect(records[0]?.status).toBe('EXPIRED');
      expect(await productOf(inventory, SCARCE_SKU)).toMatchObject({ available: 5, reserved: 0 });
    } finally {
      await inventory.close();
    }
  });

  it('refuses to confirm an overdue hold with RESERVATION_EXPIRED and frees its stock', async () => {
    // The sweep never runs here: the confirmation itself must notice the expiry.
    const inventory = await startTestInventory({
      reservationTtlSeconds: 1,
      sweepIntervalMs: 3_600_000,
    });
    try {
      const reservation = await post<Reservation>(inventory, '/reservations', {
        orderId: uniqueId('order'),
        items: [{ sku: SCARCE_SKU, quantity: 1 }],
      });
      await passed(reservation.body.expiresAt);

      const { status, body } = await post(
        inventory,
        `/reservations/${reservation.body.reservationId}/confirm`,
        undefined,
      );

      expect(status).toBe(409);
      expect(body).toMatchObject({ code: 'RESERVATION_EXPIRED' });
      expect(await productOf(inventory, SCARCE_SKU)).toMatchObject({ available: 5, reserved: 0 });
    } finally {
      await inventory.close();
    }
  });
});
