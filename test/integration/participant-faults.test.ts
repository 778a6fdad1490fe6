import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type {
  Charge,
  ChargeRecord,
  Reservation,
  ReservationRecord,
} from '../../activities/adapters/ports.js';
import type { Product } from '../../apps/inventory/products.repository.js';
import {
  call,
  eventually,
  get,
  post,
  putFaults,
  startTestInventory,
  startTestPayment,
  openTransactions,
  uniqueId,
  type Problem,
  type TestService,
} from '../support/participants.js';

describe('fault injection disabled (the default)', () => {
  let inventory: TestService;

  beforeAll(async () => {
    inventory = await startTestInventory();
  });

  afterAll(async () => {
    await inventory.close();
  });

  it('has no /admin/faults route', async () => {
    const read = await get(inventory, '/admin/faults');
    const write = await putFaults(inventory, { errorRate: 1 });

    expect(read.status).toBe(404);
    expect(write.status).toBe(404);
  });
});

describe('fault injection enabled', () => {
  let inventory: TestService;
  let payment: TestService;

  beforeAll(async () => {
    [inventory, payment] = await Promise.all([
      startTestInventory({ faultInjectionEnabled: true }),
      startTestPayment({ faultInjectionEnabled: true }),
    ]);
  });

  afterEach(async () => {
    await Promise.all([putFaults(inventory, {}), putFaults(payment, {})]);
  });

  afterAll(async () => {
    await Promise.all([inventory.close(), payment.close()]);
  });

  const reservationsOf = async (orderId: string) =>
    (await get<ReservationRecord[]>(inventory, `/reservations?orderId=${orderId}`)).body;

  const reservedOf = async (sku: string) =>
    (await get<Product[]>(inventory, '/products')).body.find((p) => p.sku === sku)?.reserved;

  it('shows and replaces the current setting', async () => {
    const initial = await get(inventory, '/admin/faults');
    const updated = await putFaults(inventory, { errorRate: 0.25, latencyMs: 10, phase: 'after' });
    const current = await get(inventory, '/admin/faults');

    expect(initial.body).toEqual({ errorRate: 0, latencyMs: 0, phase: 'before' });
    expect(updated.status).toBe(200);
    expect(current.body).toEqual({ errorRate: 0.25, latencyMs: 10, phase: 'after' });
  });

  it('validates the setting', async () => {
    const { status, body } = await call<Problem>(inventory, 'PUT', '/admin/faults', {
      body: { errorRate: 2, phase: 'during' },
    });

    expect(status).toBe(400);
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['errorRate', 'phase']);
  });

  it('phase after: the effect commits, the response is lost, and the retry yields that one effect', async () => {
    const orderId = uniqueId('order');
    const key = randomUUID();
    const request = { orderId, items: [{ sku: 'SKU-002', quantity: 2 }] };
    const reservedBefore = await reservedOf('SKU-002');
    await putFaults(inventory, { errorRate: 1, phase: 'after' });

    const lost = await post<Problem>(inventory, '/reservations', request, key);

    expect(lost.status).toBe(500);
    expect(lost.body.code).toBe('FAULT_INJECTED');
    expect(await reservationsOf(orderId)).toEqual([expect.objectContaining({ status: 'HELD' })]);

    await putFaults(inventory, {});
    const retried = await post<Reservation>(inventory, '/reservations', request, key);

    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    const reservations = await reservationsOf(orderId);
    expect(reservations.map((r) => r.reservationId)).toEqual([retried.body.reservationId]);
    expect(await reservedOf('SKU-002')).toBe((reservedBefore ?? 0) + 2);
  });

  it('phase after on a charge: the customer is charged once', async () => {
    const orderId = uniqueId('order');
    const key = randomUUID();
    const request = { orderId, customerId: 'c', amount: 500, currency: 'USD', token: 'tok_visa' };
    await putFaults(payment, { errorRate: 1, phase: 'after' });

    const lost = await post(payment, '/charges', request, key);
    await putFaults(payment, {});
    const retried = await post<Charge>(payment, '/charges', request, key);

    expect(lost.status).toBe(500);
    expect(retried.status).toBe(201);
    const charges = await get<ChargeRecord[]>(payment, `/charges?orderId=${orderId}`);
    expect(charges.body).toEqual([
      expect.objectContaining({ chargeId: retried.body.chargeId, status: 'SUCCEEDED' }),
    ]);
  });

  it('phase before: 503 with nothing done, so the retry applies the effect afresh', async () => {
    const orderId = uniqueId('order');
    const key = randomUUID();
    const request = { orderId, items: [{ sku: 'SKU-003', quantity: 1 }] };
    await putFaults(inventory, { errorRate: 1, phase: 'before' });

    const failed = await post<Problem>(inventory, '/reservations', request, key);

    expect(failed.status).toBe(503);
    expect(failed.body.code).toBe('FAULT_INJECTED');
    expect(await reservationsOf(orderId)).toEqual([]);

    await putFaults(inventory, {});
    const retried = await post<Reservation>(inventory, '/reservations', request, key);

    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await reservationsOf(orderId)).toHaveLength(1);
  });

  it('leaves reads alone', async () => {
    await putFaults(inventory, { errorRate: 1, phase: 'before' });

    const products = await get(inventory, '/products');
    const health = await get(inventory, '/health');

    expect(products.status).toBe(200);
    expect(health.status).toBe(200);
  });

  it('rolls back an effect whose caller gave up before the commit', async () => {
    const orderId = uniqueId('order');
    const key = randomUUID();
    const request = { orderId, items: [{ sku: 'SKU-004', quantity: 1 }] };
    const reservedBefore = await reservedOf('SKU-004');
    // The effect is applied at once, then held uncommitted for 1.5 s; the caller leaves at 0.3 s.
    await putFaults(inventory, { latencyMs: 1500 });

    const abandoned = call(inventory, 'POST', '/reservations', {
      body: request,
      idempotencyKey: key,
      signal: AbortSignal.timeout(300),
    });

    await expect(abandoned).rejects.toMatchObject({ name: 'TimeoutError' });
    await putFaults(inventory, {});
    await eventually(
      () => openTransactions(inventory),
      (count) => count === 0,
    );
    expect(await openTransactions(inventory)).toBe(0);
    expect(await reservationsOf(orderId)).toEqual([]);
    expect(await reservedOf('SKU-004')).toBe(reservedBefore);

    // Nothing was stored under the key either: a retry runs afresh instead of replaying.
    const retried = await post<Reservation>(inventory, '/reservations', request, key);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await reservationsOf(orderId)).toHaveLength(1);
  });

  it('makes a retry that races the abandoned request wait, then apply the effect once', async () => {
    const orderId = uniqueId('order');
    const key = randomUUID();
    const request = { orderId, items: [{ sku: 'SKU-004', quantity: 1 }] };
    await putFaults(inventory, { latencyMs: 1500 });

    const abandoned = call(inventory, 'POST', '/reservations', {
      body: request,
      idempotencyKey: key,
      signal: AbortSignal.timeout(300),
    });
    await expect(abandoned).rejects.toMatchObject({ name: 'TimeoutError' });
    await putFaults(inventory, {});
    // Blocks on the key until the abandoned transaction rolls back, then runs.
    const retried = await post<Reservation>(inventory, '/reservations', request, key);

    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const reservations = await reservationsOf(orderId);
    expect(reservations.map((r) => r.reservationId)).toEqual([retried.body.reservationId]);
  });
});
