import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Charge, ChargeRecord } from '../../activities/adapters/ports.js';
import {
  get,
  post,
  startTestPayment,
  uniqueId,
  withDatabase,
  type Problem,
  type TestService,
} from '../support/participants.js';

interface Undo {
  chargeId: string;
  status: string | null;
  outcome: string;
}

describe('payment service', () => {
  let payment: TestService;

  beforeAll(async () => {
    payment = await startTestPayment();
  });

  afterAll(async () => {
    await payment.close();
  });

  const charge = (token: string, orderId = uniqueId('order')) =>
    post<Charge>(payment, '/charges', {
      orderId,
      customerId: 'cus_123',
      amount: 49_800,
      currency: 'USD',
      token,
    });

  const chargesOf = async (orderId: string) =>
    (await get<ChargeRecord[]>(payment, `/charges?orderId=${orderId}`)).body;

  it('charges tok_visa', async () => {
    const orderId = uniqueId('order');

    const { status, body } = await charge('tok_visa', orderId);

    expect(status).toBe(201);
    expect(body).toEqual({ chargeId: expect.stringMatching(/^ch_/), status: 'SUCCEEDED' });
    expect(await chargesOf(orderId)).toEqual([
      { chargeId: body.chargeId, orderId, amount: 49_800, currency: 'USD', status: 'SUCCEEDED' },
    ]);
  });

  it.each([
    ['tok_chargeDeclined', 'card_declined'],
    ['tok_insufficientFunds', 'insufficient_funds'],
    ['tok_unknown', 'invalid_token'],
  ])('declines %s with PAYMENT_DECLINED and keeps the declined charge', async (token, reason) => {
    const orderId = uniqueId('order');

    const { status, headers, body } = await charge(token, orderId);

    expect(status).toBe(422);
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ code: 'PAYMENT_DECLINED' });
    expect((body as unknown as Problem).detail).toContain(reason);
    expect(await chargesOf(orderId)).toEqual([
      expect.objectContaining({ orderId, status: 'DECLINED' }),
    ]);
  });

  const authenticate = (chargeId: string, result: string, key?: string) =>
    post<Charge & { declineCode?: string }>(
      payment,
      `/charges/${chargeId}/authenticate`,
      { result },
      key,
    );

  it('leaves tok_requiresAction pending, with the challenge the customer must pass', async () => {
    const orderId = uniqueId('order');

    const { status, body } = await charge('tok_requiresAction', orderId);

    expect(status).toBe(201);
    expect(body).toEqual({
      chargeId: expect.stringMatching(/^ch_/),
      status: 'REQUIRES_ACTION',
      nextAction: { url: `${payment.url}/charges/${body.chargeId}/authenticate` },
    });
    expect((await get(payment, `/charges/${body.chargeId}`)).body).toEqual({
      chargeId: body.chargeId,
      orderId,
      amount: 49_800,
      currency: 'USD',
      status: 'REQUIRES_ACTION',
    });
  });

  it('moves the charge to SUCCEEDED once the customer passes the challenge', async () => {
    const orderId = uniqueId('order');
    const { body } = await charge('tok_requiresAction', orderId);

    const approved = await authenticate(body.chargeId, 'approve');

    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ chargeId: body.chargeId, status: 'SUCCEEDED' });
    expect(await chargesOf(orderId)).toEqual([
      expect.objectContaining({ chargeId: body.chargeId, status: 'SUCCEEDED' }),
    ]);
  });

  it('declines the charge as authentication_failed when the customer fails it', async () => {
    const orderId = uniqueId('order');
    const { body } = await charge('tok_requiresAction', orderId);

    const denied = await authenticate(body.chargeId, 'deny');

    expect(denied.status).toBe(200);
    expect(denied.body).toEqual({
      chargeId: body.chargeId,
      status: 'DECLINED',
      declineCode: 'authentication_failed',
    });
    const declineCodes = await withDatabase(payment.databaseUrl, (client) =>
      client.query('SELECT status, decline_code FROM charges WHERE id = $1', [body.chargeId]),
    );
    expect(declineCodes.rows).toEqual([
      { status: 'DECLINED', decline_code: 'authentication_failed' },
    ]);
  });

  it('answers a repeated authentication with the first answer, and records one event', async () => {
    const { body } = await charge('tok_requiresAction');
    const key = uniqueId('key');

    const first = await authenticate(body.chargeId, 'approve', key);
    const repeat = await authenticate(body.chargeId, 'approve', key);
    const otherAnswer = await authenticate(body.chargeId, 'deny', key);

    expect(repeat.text).toBe(first.text);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(otherAnswer.status).toBe(422);
    expect(otherAnswer.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const events = await withDatabase(payment.databaseUrl, (client) =>
      client.query('SELECT type FROM webhook_outbox WHERE charge_id = $1', [body.chargeId]),
    );
    expect(events.rows).toEqual([{ type: 'charge.succeeded' }]);
  });

  it('requires an Idempotency-Key and a valid result to authenticate', async () => {
    const { body } = await charge('tok_requiresAction');

    const withoutKey = await post<Problem>(
      payment,
      `/charges/${body.chargeId}/authenticate`,
      { result: 'approve' },
      null,
    );
    const badResult = await authenticate(body.chargeId, 'maybe');

    expect(withoutKey.status).toBe(400);
    expect(badResult.status).toBe(400);
    expect(badResult.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await get<ChargeRecord>(payment, `/charges/${body.chargeId}`)).body.status).toBe(
      'REQUIRES_ACTION',
    );
  });

  it('offers no way for the checkout to confirm a charge itself', async () => {
    const { body } = await charge('tok_requiresAction');

    const confirm = await post(payment, `/charges/${body.chargeId}/confirm`, undefined);

    expect(confirm.status).toBe(404);
    expect((await get<ChargeRecord>(payment, `/charges/${body.chargeId}`)).body.status).toBe(
      'REQUIRES_ACTION',
    );
  });

  it('answers an unknown charge with 404 CHARGE_NOT_FOUND', async () => {
    const read = await get<Problem>(payment, '/charges/ch_unknown');

    expect(read.status).toBe(404);
    expect(read.body.code).toBe('CHARGE_NOT_FOUND');
  });

  it('refunds a succeeded charge at most once', async () => {
    const orderId = uniqueId('order');
    const { body } = await charge('tok_visa', orderId);
    const path = `/charges/${body.chargeId}/refund`;

    const first = await post<Undo>(payment, path, undefined);
    const second = await post<Undo>(payment, path, undefined);

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'REFUNDED', outcome: 'UNDONE' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: 'REFUNDED', outcome: 'ALREADY_UNDONE' });
    const refunds = await withDatabase(payment.databaseUrl, (client) =>
      client.query('SELECT amount FROM refunds WHERE charge_id = $1', [body.chargeId]),
    );
    expect(refunds.rows).toEqual([{ amount: 49_800 }]);
  });

  it('refunds each charge once even when refunds race', async () => {
    const { body } = await charge('tok_visa');

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        post<Undo>(payment, `/charges/${body.chargeId}/refund`, undefined),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.outcome === 'UNDONE')).toHaveLength(1);
    const refunds = await withDatabase(payment.databaseUrl, (client) =>
      client.query('SELECT id FROM refunds WHERE charge_id = $1', [body.chargeId]),
    );
    expect(refunds.rowCount).toBe(1);
  });

  it('voids a charge still awaiting action, and a late authentication is refused', async () => {
    const { body } = await charge('tok_requiresAction');

    const voided = await post<Undo>(payment, `/charges/${body.chargeId}/refund`, undefined);
    const late = await authenticate(body.chargeId, 'approve');

    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'CANCELED', outcome: 'UNDONE' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'CHARGE_CANCELED' });
  });

  it('treats refunding a declined or unknown charge as a no-op', async () => {
    const orderId = uniqueId('order');
    await charge('tok_chargeDeclined', orderId);
    const [declined] = await chargesOf(orderId);
    if (!declined) throw new Error('the declined charge is not on record');

    const ofDeclined = await post<Undo>(payment, `/charges/${declined.chargeId}/refund`, {});
    const ofUnknown = await post<Undo>(payment, '/charges/ch_unknown/refund', {});

    expect(ofDeclined.status).toBe(200);
    expect(ofDeclined.body).toMatchObject({ status: 'DECLINED', outcome: 'NOTHING_TO_UNDO' });
    expect(ofUnknown.status).toBe(200);
    expect(ofUnknown.body).toEqual({
      chargeId: 'ch_unknown',
      status: null,
      outcome: 'NOTHING_TO_UNDO',
    });
    expect(await chargesOf(orderId)).toEqual([expect.objectContaining({ status: 'DECLINED' })]);
  });

  it('refuses to authenticate an unknown charge or one that awaits nothing', async () => {
    const { body } = await charge('tok_visa');

    const succeeded = await authenticate(body.chargeId, 'deny');
    const unknown = await authenticate('ch_unknown', 'approve');

    expect(succeeded.status).toBe(409);
    expect(succeeded.body).toMatchObject({ code: 'CHARGE_NOT_AWAITING_ACTION' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'CHARGE_NOT_FOUND' });
    expect((await get<ChargeRecord>(payment, `/charges/${body.chargeId}`)).body.status).toBe(
      'SUCCEEDED',
    );
  });

  it('answers a malformed charge with 400 naming each bad field', async () => {
    const { status, body } = await post<Problem>(payment, '/charges', {
      orderId: uniqueId('order'),
      customerId: 'cus_123',
      amount: 10.5,
      currency: 'usd',
    });

    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors?.map((e) => e.field).sort()).toEqual(['amount', 'currency', 'token']);
  });
});
