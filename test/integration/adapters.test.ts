import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ParticipantRefusal, ParticipantUnavailable } from '../../activities/adapters/errors.js';
import { createHttpAdapters, type HttpAdapters } from '../../activities/adapters/http/index.js';
import {
  IN_MEMORY_PAYMENT_URL,
  InMemoryPayment,
} from '../../activities/adapters/in-memory/index.js';
import { ParticipantHttpClient } from '../../activities/adapters/http/participant-http-client.js';
import { toActivityFailure } from '../../activities/failures.js';
import { z } from 'zod';
import {
  eventually,
  openTransactions,
  passed,
  post,
  putFaults,
  SCARCE_SKU,
  startTestInventory,
  startTestPayment,
  startTestShipping,
  uniqueId,
  type TestService,
} from '../support/participants.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

const ADAPTER_TIMEOUT_MS = 1500;

let inventory: TestService;
let payment: TestService;
let shipping: TestService;
let adapters: HttpAdapters;

beforeAll(async () => {
  [inventory, payment, shipping] = await Promise.all([
    startTestInventory({ faultInjectionEnabled: true }),
    startTestPayment({ faultInjectionEnabled: true }),
    startTestShipping({ faultInjectionEnabled: true }),
  ]);
  adapters = createHttpAdapters({
    inventoryUrl: inventory.url,
    paymentUrl: payment.url,
    shippingUrl: shipping.url,
    timeoutMs: ADAPTER_TIMEOUT_MS,
  });
});

afterEach(async () => {
  await Promise.all([putFaults(inventory, {}), putFaults(payment, {}), putFaults(shipping, {})]);
});

afterAll(async () => {
  await Promise.all([inventory.close(), payment.close(), shipping.close()]);
});

const key = () => randomUUID();

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('HTTP adapters: the saga step by step', () => {
  it('reserves, charges, ships and confirms, and finds each record by order', async () => {
    const orderId = uniqueId('order');

    const reservation = await adapters.inventory.reserve(
      { orderId, items: [{ sku: 'SKU-001', quantity: 2 }] },
      key(),
    );
    const charge = await adapters.payment.charge(
      {
        orderId,
        customerId: 'cus_123',
        amount: reservation.total.amount,
        currency: reservation.total.currency,
        token: 'tok_visa',
      },
      key(),
    );
    const shipment = await adapters.shipping.schedule(
      { orderId, address: SAMPLE_ADDRESS, items: [{ sku: 'SKU-001', quantity: 2 }] },
      key(),
    );
    await adapters.inventory.confirm(reservation.reservationId, key());

    expect(reservation.lines).toEqual([
      { sku: 'SKU-001', quantity: 2, unitPrice: reservation.lines[0]?.unitPrice },
    ]);
    expect(reservation.total).toEqual({
      amount: 2 * (reservation.lines[0]?.unitPrice ?? NaN),
      currency: 'USD',
    });
    expect(charge.status).toBe('SUCCEEDED');
    expect(await adapters.inventory.findReservations(orderId)).toEqual([
      expect.objectContaining({ reservationId: reservation.reservationId, status: 'CONFIRMED' }),
    ]);
    expect(await adapters.payment.findCharges(orderId)).toEqual([
      { chargeId: charge.chargeId, orderId, amount: reservation.total.amount, status: 'SUCCEEDED' },
    ]);
    expect(await adapters.shipping.findShipments(orderId)).toEqual([
      { ...shipment, orderId, status: 'SCHEDULED' },
    ]);
  });

  it('hands out the challenge of a charge that requires action, and reads its outcome', async () => {
    const orderId = uniqueId('order');
    const charge = await adapters.payment.charge(
      { orderId, customerId: 'c', amount: 100, currency: 'USD', token: 'tok_requiresAction' },
      key(),
    );
    const pending = await adapters.payment.getCharge(charge.chargeId);

    const approved = await post(payment, `/charges/${charge.chargeId}/authenticate`, {
      result: 'approve',
    });

    expect(charge).toEqual({
      chargeId: charge.chargeId,
      status: 'REQUIRES_ACTION',
      nextAction: { url: `${payment.url}/charges/${charge.chargeId}/authenticate` },
    });
    expect(pending).toEqual({
      chargeId: charge.chargeId,
      orderId,
      amount: 100,
      status: 'REQUIRES_ACTION',
    });
    expect(approved.status).toBe(200);
    expect(await adapters.payment.getCharge(charge.chargeId)).toEqual({
      ...pending,
      status: 'SUCCEEDED',
    });
  });

  it('reports an unknown charge as the refusal CHARGE_NOT_FOUND', async () => {
    const error = await failureOf(adapters.payment.getCharge('ch_unknown'));

    expect(error).toBeInstanceOf(ParticipantRefusal);
    expect(error).toMatchObject({ code: 'CHARGE_NOT_FOUND' });
  });

  it('runs every compensation, then again as a no-op', async () => {
    const orderId = uniqueId('order');
    const { reservationId } = await adapters.inventory.reserve(
      { orderId, items: [{ sku: 'SKU-003', quantity: 1 }] },
      key(),
    );
    const { chargeId } = await adapters.payment.charge(
      { orderId, customerId: 'c', amount: 100, currency: 'USD', token: 'tok_visa' },
      key(),
    );
    const { shipmentId } = await adapters.shipping.schedule(
      { orderId, address: SAMPLE_ADDRESS, items: [{ sku: 'SKU-003', quantity: 1 }] },
      key(),
    );

    for (let round = 0; round < 2; round += 1) {
      await adapters.shipping.cancel(shipmentId, key());
      await adapters.payment.refund(chargeId, key());
      await adapters.inventory.release(reservationId, key());
    }

    expect((await adapters.inventory.findReservations(orderId))[0]?.status).toBe('RELEASED');
    expect((await adapters.payment.findCharges(orderId))[0]?.status).toBe('REFUNDED');
    expect((await adapters.shipping.findShipments(orderId))[0]?.status).toBe('CANCELLED');
  });

  it('treats compensations of steps that never happened as no-ops', async () => {
    const orderId = uniqueId('order');
    await failureOf(
      adapters.payment.charge(
        { orderId, customerId: 'c', amount: 100, currency: 'USD', token: 'tok_chargeDeclined' },
        key(),
      ),
    );
    const [declined] = await adapters.payment.findCharges(orderId);

    await expect(adapters.inventory.release('res_never', key())).resolves.toBeUndefined();
    await expect(adapters.payment.refund('ch_never', key())).resolves.toBeUndefined();
    await expect(adapters.payment.refund(declined?.chargeId ?? '', key())).resolves.toBeUndefined();
    await expect(adapters.shipping.cancel('shp_never', key())).resolves.toBeUndefined();
    expect(await adapters.inventory.findReservations('order-that-never-was')).toEqual([]);
  });
});

describe('HTTP adapters: business refusals are non-retryable failures', () => {
  /** [case, code, failure type, call] */
  const refusals: [string, string, string, () => Promise<unknown>][] = [
    [
      'an unknown SKU',
      'UNKNOWN_SKU',
      'UnknownSku',
      () =>
        adapters.inventory.reserve(
          { orderId: uniqueId('order'), items: [{ sku: 'SKU-NOPE', quantity: 1 }] },
          key(),
        ),
    ],
    [
      'a shortage',
      'INSUFFICIENT_STOCK',
      'InsufficientStock',
      () =>
        adapters.inventory.reserve(
          { orderId: uniqueId('order'), items: [{ sku: SCARCE_SKU, quantity: 6 }] },
          key(),
        ),
    ],
    [
      'a declined card',
      'PAYMENT_DECLINED',
      'PaymentDeclined',
      () =>
        adapters.payment.charge(
          {
            orderId: uniqueId('order'),
            customerId: 'c',
            amount: 100,
            currency: 'USD',
            token: 'tok_insufficientFunds',
          },
          key(),
        ),
    ],
    [
      'an undeliverable address',
      'ADDRESS_UNDELIVERABLE',
      'AddressUndeliverable',
      () =>
        adapters.shipping.schedule(
          {
            orderId: uniqueId('order'),
            address: { ...SAMPLE_ADDRESS, country: 'AQ' },
            items: [{ sku: 'SKU-001', quantity: 1 }],
          },
          key(),
        ),
    ],
    [
      'a malformed request',
      'VALIDATION_FAILED',
      'InvalidRequest',
      () =>
        adapters.inventory.reserve(
          { orderId: uniqueId('order'), items: [{ sku: 'SKU-001', quantity: 0 }] },
          key(),
        ),
    ],
    [
      'a release after confirmation',
      'RESERVATION_CONFIRMED',
      'ParticipantRefused',
      async () => {
        const { reservationId } = await adapters.inventory.reserve(
          { orderId: uniqueId('order'), items: [{ sku: 'SKU-001', quantity: 1 }] },
          key(),
        );
        await adapters.inventory.confirm(reservationId, key());
        return adapters.inventory.release(reservationId, key());
      },
    ],
    [
      'a reused idempotency key',
      'IDEMPOTENCY_KEY_REUSED',
      'ParticipantRefused',
      async () => {
        const reused = key();
        await adapters.shipping.cancel('shp_a', reused);
        return adapters.shipping.cancel('shp_b', reused);
      },
    ],
  ];

  it.each(refusals)('%s → %s', async (_case, code, type, call) => {
    const error = await failureOf(call());

    expect(error).toBeInstanceOf(ParticipantRefusal);
    expect(error).toMatchObject({ code });
    const failure = toActivityFailure(error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type, nonRetryable: true });
  });

  it('an expired reservation → RESERVATION_EXPIRED', async () => {
    const expiring = await startTestInventory({ reservationTtlSeconds: 1 });
    try {
      const inventoryAdapter = createHttpAdapters({
        inventoryUrl: expiring.url,
        paymentUrl: payment.url,
        shippingUrl: shipping.url,
        timeoutMs: ADAPTER_TIMEOUT_MS,
      }).inventory;
      const reservation = await inventoryAdapter.reserve(
        { orderId: uniqueId('order'), items: [{ sku: 'SKU-001', quantity: 1 }] },
        key(),
      );
      await passed(reservation.expiresAt);

      const error = await failureOf(inventoryAdapter.confirm(reservation.reservationId, key()));

      expect(error).toMatchObject({ code: 'RESERVATION_EXPIRED' });
      expect(toActivityFailure(error)).toMatchObject({
        type: 'ReservationExpired',
        nonRetryable: true,
      });
    } finally {
      await expiring.close();
    }
  });
});

describe('HTTP adapters: transient failures are retryable', () => {
  const expectRetryable = async (error: unknown) => {
    expect(error).toBeInstanceOf(ParticipantUnavailable);
    // Inside an activity, where the retry delay is computed from the attempt.
    const failure = await new MockActivityEnvironment().run(() =>
      Promise.resolve(toActivityFailure(error)),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'ParticipantUnavailable', nonRetryable: false });
  };

  it('a 503 before the effect', async () => {
    const orderId = uniqueId('order');
    await putFaults(payment, { errorRate: 1, phase: 'before' });

    const error = await failureOf(
      adapters.payment.charge(
        { orderId, customerId: 'c', amount: 100, currency: 'USD', token: 'tok_visa' },
        key(),
      ),
    );

    await expectRetryable(error);
    expect(await adapters.payment.findCharges(orderId)).toEqual([]);
  });

  it('a 500 after the effect, which the retry with the same key then returns', async () => {
    const orderId = uniqueId('order');
    const request = { orderId, address: SAMPLE_ADDRESS, items: [{ sku: 'SKU-001', quantity: 1 }] };
    const stepKey = `order-${orderId}:scheduleShipping`;
    await putFaults(shipping, { errorRate: 1, phase: 'after' });

    const error = await failureOf(adapters.shipping.schedule(request, stepKey));
    await putFaults(shipping, {});
    const retried = await adapters.shipping.schedule(request, stepKey);

    await expectRetryable(error);
    expect(await adapters.shipping.findShipments(orderId)).toEqual([
      { ...retried, orderId, status: 'SCHEDULED' },
    ]);
  });

  it('a timeout, after which the abandoned effect does not land', async () => {
    const orderId = uniqueId('order');
    await putFaults(inventory, { latencyMs: ADAPTER_TIMEOUT_MS * 3 });

    const error = await failureOf(
      adapters.inventory.reserve({ orderId, items: [{ sku: 'SKU-002', quantity: 1 }] }, key()),
    );

    await expectRetryable(error);
    expect((error as Error).message).toContain(`no answer within ${ADAPTER_TIMEOUT_MS} ms`);
    await eventually(
      () => openTransactions(inventory),
      (open) => open === 0,
    );
    expect(await adapters.inventory.findReservations(orderId)).toEqual([]);
  });

  it('a refused connection', async () => {
    const unreachable = new ParticipantHttpClient({
      participant: 'inventory',
      baseUrl: 'http://127.0.0.1:1',
      timeoutMs: ADAPTER_TIMEOUT_MS,
    });

    await expectRetryable(await failureOf(unreachable.get('/products', z.unknown())));
  });
});

describe('HTTP adapters: status mapping', () => {
  let server: Server;
  let client: ParticipantHttpClient;
  let answer: { status: number; body: string };

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answer.status, { 'content-type': 'application/problem+json' });
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new ParticipantHttpClient({
      participant: 'stub',
      baseUrl: `http://127.0.0.1:${port}/`,
      timeoutMs: ADAPTER_TIMEOUT_MS,
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([408, 429, 500, 502, 503, 504])('%i → ParticipantUnavailable', async (status) => {
    answer = { status, body: JSON.stringify({ status, code: 'BUSY', detail: 'later' }) };

    const error = await failureOf(client.post('/things', key(), {}, z.unknown()));

    expect(error).toBeInstanceOf(ParticipantUnavailable);
  });

  it('a 4xx without a problem code → ParticipantRefusal named after the status', async () => {
    answer = { status: 404, body: 'Not here' };

    const error = await failureOf(client.get('/things', z.unknown()));

    expect(error).toBeInstanceOf(ParticipantRefusal);
    expect(error).toMatchObject({ code: 'HTTP_404' });
  });
});

describe('in-memory payment: the card challenge', () => {
  const request = (token: string) => ({
    orderId: uniqueId('order'),
    customerId: 'cus_123',
    amount: 100,
    currency: 'USD',
    token,
  });

  it('awaits the challenge, which only the authenticate hook settles', async () => {
    const memory = new InMemoryPayment();
    const approved = await memory.charge(request('tok_requiresAction'), key());
    const denied = await memory.charge(request('tok_requiresAction'), key());

    expect(approved.nextAction?.url).toBe(
      `${IN_MEMORY_PAYMENT_URL}/charges/${approved.chargeId}/authenticate`,
    );
    expect((await memory.getCharge(approved.chargeId)).status).toBe('REQUIRES_ACTION');
    await memory.authenticate(approved.chargeId, 'approve');
    await memory.authenticate(denied.chargeId, 'deny');
    expect((await memory.getCharge(approved.chargeId)).status).toBe('SUCCEEDED');
    expect((await memory.getCharge(denied.chargeId)).status).toBe('DECLINED');
    await expect(memory.authenticate(approved.chargeId, 'deny')).rejects.toMatchObject({
      code: 'CHARGE_NOT_AWAITING_ACTION',
    });
    await expect(memory.getCharge('ch_unknown')).rejects.toMatchObject({
      code: 'CHARGE_NOT_FOUND',
    });
  });
});
