import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordEvent } from '../../lib/participant/index.js';
import { outboxRows, outboxTypes } from '../support/outbox-events.js';
import {
  eventually,
  get,
  openTransactions,
  passed,
  post,
  putFaults,
  SCARCE_SKU,
  startTestInventory,
  startTestPayment,
  startTestShipping,
  uniqueId,
  withDatabase,
  type TestService,
} from '../support/participants.js';
import { parsePrometheusText, samplesOf } from '../../lib/metrics/index.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

interface Reservation {
  reservationId: string;
  expiresAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Without KAFKA_BOOTSTRAP_SERVERS the relay is off: every event stays in the outbox, unsent.
describe('outbox writes (no broker configured)', () => {
  describe('inventory', () => {
    let inventory: TestService;

    beforeAll(async () => {
      inventory = await startTestInventory({ faultInjectionEnabled: true });
    });

    afterAll(async () => {
      await inventory.close();
    });

    const reserve = (orderId: string, key?: string) =>
      post<Reservation>(
        inventory,
        '/reservations',
        { orderId, items: [{ sku: 'SKU-002', quantity: 2 }] },
        key,
      );

    it('writes reservation.held with the reservation, once however often the request is replayed', async () => {
      const orderId = uniqueId('order');
      const key = uniqueId('key');
      const first = await reserve(orderId, key);
      const replay = await reserve(orderId, key);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');

      const rows = await outboxRows(inventory, orderId);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({ topic: 'inventory.reservations', key: orderId, sent: false });
      expect(row?.id).toMatch(UUID);
      expect(row?.event).toEqual({
        specversion: '1.0',
        id: row?.id,
        source: '/inventory',
        type: 'inventory.reservation.held',
        subject: orderId,
        time: expect.any(String),
        datacontenttype: 'application/json',
        dataschema: 'urn:checkout-saga:events:inventory.reservation.held:v1',
        data: {
          orderId,
          reservationId: first.body.reservationId,
          items: [{ sku: 'SKU-002', quantity: 2, unitPrice: 8900 }],
          total: { amount: 17800, currency: 'USD' },
          expiresAt: first.body.expiresAt,
        },
      });
    });

    it('writes confirmed and released once each; repeats and no-op compensations write nothing', async () => {
      const confirmedOrder = uniqueId('order');
      const confirmed = (await reserve(confirmedOrder)).body.reservationId;
      expect((await post(inventory, `/reservations/${confirmed}/confirm`, {})).status).toBe(200);
      expect((await post(inventory, `/reservations/${confirmed}/confirm`, {})).status).toBe(200);
      expect(await outboxTypes(inventory, confirmedOrder)).toEqual([
        'inventory.reservation.held',
        'inventory.reservation.confirmed',
      ]);

      const releasedOrder = uniqueId('order');
      const released = (await reserve(releasedOrder)).body.reservationId;
      expect((await post(inventory, `/reservations/${released}/release`, {})).status).toBe(200);
      expect((await post(inventory, `/reservations/${released}/release`, {})).status).toBe(200);
      expect((await post(inventory, '/reservations/res_unknown/release', {})).status).toBe(200);
      const rows = await outboxRows(inventory, releasedOrder);
      expect(rows.map((row) => row.event.type)).toEqual([
        'inventory.reservation.held',
        'inventory.reservation.released',
      ]);
      expect(rows[1]?.event.data).toEqual({ orderId: releasedOrder, reservationId: released });
    });

    it('writes nothing for a refused reservation (its effect is undone)', async () => {
      const orderId = uniqueId('order');
      const refused = await post(inventory, '/reservations', {
        orderId,
        items: [{ sku: SCARCE_SKU, quantity: 1000 }],
      });
      expect(refused.status).toBe(422);
      expect(await outboxRows(inventory, orderId)).toEqual([]);
    });

    it('writes nothing when the effect rolls back because the caller left before the commit', async () => {
      const orderId = uniqueId('order');
      await putFaults(inventory, { latencyMs: 1500 });
      try {
        await expect(
          fetch(`${inventory.url}/reservations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': uniqueId('key') },
            body: JSON.stringify({ orderId, items: [{ sku: 'SKU-001', quantity: 1 }] }),
            signal: AbortSignal.timeout(300),
          }),
        ).rejects.toThrow();
        await eventually(
          () => openTransactions(inventory),
          (open) => open === 0,
        );
      } finally {
        await putFaults(inventory, {});
      }
      expect((await get<unknown[]>(inventory, `/reservations?orderId=${orderId}`)).body).toEqual(
        [],
      );
      expect(await outboxRows(inventory, orderId)).toEqual([]);
    });

    it('an event recorded in a transaction that rolls back is gone with it', async () => {
      const orderId = uniqueId('order');
      await withDatabase(inventory.databaseUrl, async (client) => {
        await client.query('BEGIN');
        await recordEvent(client, 'inventory.reservation.released', {
          orderId,
          reservationId: 'res_x',
        });
        await client.query('ROLLBACK');
      });
      expect(await outboxRows(inventory, orderId)).toEqual([]);
    });

    it('counts the unsent events in outbox_backlog_events{service="inventory"}', async () => {
      const before = await backlogOf(inventory, 'inventory');
      await reserve(uniqueId('order'));
      await reserve(uniqueId('order'));
      expect(await backlogOf(inventory, 'inventory')).toBe(before + 2);
      const unsent = await withDatabase(inventory.databaseUrl, (client) =>
        client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM event_outbox WHERE sent_at IS NULL',
        ),
      );
      expect(before + 2).toBe(unsent.rows[0]?.n);
    });
  });

  describe('inventory expiry', () => {
    let inventory: TestService;

    beforeAll(async () => {
      inventory = await startTestInventory({ reservationTtlSeconds: 1, sweepIntervalMs: 200 });
    });

    afterAll(async () => {
      await inventory.close();
    });

    it('the sweeper writes reservation.expired with the release of the stock', async () => {
      const orderId = uniqueId('order');
      const { body } = await post<Reservation>(inventory, '/reservations', {
        orderId,
        items: [{ sku: 'SKU-003', quantity: 1 }],
      });
      await passed(body.expiresAt);
      const types = await eventually(
        () => outboxTypes(inventory, orderId),
        (found) => found.length === 2,
      );
      expect(types).toEqual(['inventory.reservation.held', 'inventory.reservation.expired']);
    });
  });

  describe('payment', () => {
    let payment: TestService;

    beforeAll(async () => {
      payment = await startTestPayment();
    });

    afterAll(async () => {
      await payment.close();
    });

    const charge = (orderId: string, token: string) =>
      post<{ chargeId: string }>(payment, '/charges', {
        orderId,
        customerId: 'cus_1',
        amount: 12_900,
        currency: 'EUR',
        token,
      });

    it('writes charge.succeeded, then charge.refunded once', async () => {
      const orderId = uniqueId('order');
      const { chargeId } = (await charge(orderId, 'tok_visa')).body;
      await post(payment, `/charges/${chargeId}/refund`, {});
      await post(payment, `/charges/${chargeId}/refund`, {});
      const rows = await outboxRows(payment, orderId);
      expect(rows.map((row) => [row.topic, row.event.type])).toEqual([
        ['payment.charges', 'payment.charge.succeeded'],
        ['payment.charges', 'payment.charge.refunded'],
      ]);
      expect(rows[0]?.event.data).toEqual({
        orderId,
        chargeId,
        amount: { amount: 12_900, currency: 'EUR' },
      });
    });

    it('keeps charge.declined with the declined charge, and a refund of it writes nothing', async () => {
      const orderId = uniqueId('order');
      const declined = await charge(orderId, 'tok_chargeDeclined');
      expect(declined.status).toBe(422);
      const [charged] = (await get<{ chargeId: string }[]>(payment, `/charges?orderId=${orderId}`))
        .body;
      await post(payment, `/charges/${charged?.chargeId}/refund`, {});
      const rows = await outboxRows(payment, orderId);
      expect(rows.map((row) => row.event.data)).toEqual([
        {
          orderId,
          chargeId: charged?.chargeId,
          amount: { amount: 12_900, currency: 'EUR' },
          code: 'card_declined',
        },
      ]);
      expect(rows[0]?.event.type).toBe('payment.charge.declined');
    });

    it('writes requires_action, then succeeded or declined by the challenge, or canceled by a refund', async () => {
      const approved = uniqueId('order');
      const approvedCharge = (await charge(approved, 'tok_requiresAction')).body.chargeId;
      await post(payment, `/charges/${approvedCharge}/authenticate`, { result: 'approve' });

      const denied = uniqueId('order');
      const deniedCharge = (await charge(denied, 'tok_requiresAction')).body.chargeId;
      await post(payment, `/charges/${deniedCharge}/authenticate`, { result: 'deny' });

      const canceled = uniqueId('order');
      const canceledCharge = (await charge(canceled, 'tok_requiresAction')).body.chargeId;
      await post(payment, `/charges/${canceledCharge}/refund`, {});

      expect(await outboxTypes(payment, approved)).toEqual([
        'payment.charge.requires_action',
        'payment.charge.succeeded',
      ]);
      const deniedRows = await outboxRows(payment, denied);
      expect(deniedRows.map((row) => row.event.type)).toEqual([
        'payment.charge.requires_action',
        'payment.charge.declined',
      ]);
      expect(deniedRows[1]?.event.data).toMatchObject({ code: 'authentication_failed' });
      expect(await outboxTypes(payment, canceled)).toEqual([
        'payment.charge.requires_action',
        'payment.charge.canceled',
      ]);
    });

    it('never writes the payment token', async () => {
      const orderId = uniqueId('order');
      await charge(orderId, 'tok_visa');
      const payloads = await withDatabase(payment.databaseUrl, (client) =>
        client.query<{ payload: string }>('SELECT payload FROM event_outbox WHERE key = $1', [
          orderId,
        ]),
      );
      expect(payloads.rows).toHaveLength(1);
      expect(payloads.rows[0]?.payload).not.toContain('tok_');
    });
  });

  describe('shipping', () => {
    let shipping: TestService;

    beforeAll(async () => {
      shipping = await startTestShipping();
    });

    afterAll(async () => {
      await shipping.close();
    });

    const schedule = (orderId: string, country = SAMPLE_ADDRESS.country) =>
      post<{ shipmentId: string; trackingNumber: string }>(shipping, '/shipments', {
        orderId,
        address: { ...SAMPLE_ADDRESS, country },
        items: [{ sku: 'SKU-001', quantity: 1 }],
      });

    it('writes shipment.scheduled without the address or name, then cancelled once', async () => {
      const orderId = uniqueId('order');
      const { shipmentId, trackingNumber } = (await schedule(orderId)).body;
      await post(shipping, `/shipments/${shipmentId}/cancel`, {});
      await post(shipping, `/shipments/${shipmentId}/cancel`, {});
      const rows = await outboxRows(shipping, orderId);
      expect(rows.map((row) => [row.topic, row.event.type, row.event.data])).toEqual([
        [
          'shipping.shipments',
          'shipping.shipment.scheduled',
          { orderId, shipmentId, trackingNumber },
        ],
        ['shipping.shipments', 'shipping.shipment.cancelled', { orderId, shipmentId }],
      ]);
      const text = JSON.stringify(rows);
      expect(text).not.toContain(SAMPLE_ADDRESS.line1);
      expect(text).not.toContain(SAMPLE_ADDRESS.name);
    });

    it('writes nothing for an undeliverable address', async () => {
      const orderId = uniqueId('order');
      expect((await schedule(orderId, 'AQ')).status).toBe(422);
      expect(await outboxRows(shipping, orderId)).toEqual([]);
    });
  });
});

async function backlogOf(service: TestService, name: string): Promise<number> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const [sample] = samplesOf(parsePrometheusText(text), 'outbox_backlog_events', {
    service: name,
  });
  if (!sample) throw new Error(`No outbox_backlog_events sample for ${name}`);
  return sample.value;
}
