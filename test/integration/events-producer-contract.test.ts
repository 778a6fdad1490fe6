import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  EVENT_TOPICS,
  parseCloudEvent,
  schemaFileName,
  topicOf,
  type EventType,
} from '../../lib/events/index.js';
import { outboxRows, type OutboxRow } from '../support/outbox-events.js';
import {
  post,
  startTestInventory,
  startTestPayment,
  startTestShipping,
  uniqueId,
  withDatabase,
  type TestService,
} from '../support/participants.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

const SCHEMAS_DIR = fileURLToPath(new URL('../../lib/events/schemas', import.meta.url));

/** A validator read from the type's JSON Schema file, as a consumer in any language would. */
async function schemaFileValidator(type: EventType): Promise<z.ZodType> {
  const text = await readFile(`${SCHEMAS_DIR}/${schemaFileName(type)}`, 'utf8');
  return z.fromJSONSchema(JSON.parse(text) as Parameters<typeof z.fromJSONSchema>[0]);
}

const PARTICIPANT_TYPES: EventType[] = [
  ...EVENT_TOPICS['inventory.reservations'],
  ...EVENT_TOPICS['payment.charges'],
  ...EVENT_TOPICS['shipping.shipments'],
];

// Producer side of the contract: whatever a participant writes to its outbox is what its relay
// publishes, byte for byte; every one must follow its type's JSON Schema file.
describe('producer contract: participant events follow their JSON Schema files', () => {
  let inventory: TestService;
  let payment: TestService;
  let shipping: TestService;
  const emitted: OutboxRow[] = [];

  beforeAll(async () => {
    [inventory, payment, shipping] = await Promise.all([
      startTestInventory(),
      startTestPayment(),
      startTestShipping(),
    ]);
    await driveEveryEffect();
    for (const service of [inventory, payment, shipping]) {
      emitted.push(...(await outboxRows(service)));
    }
  });

  afterAll(async () => {
    await Promise.all([inventory.close(), payment.close(), shipping.close()]);
  });

  async function driveEveryEffect(): Promise<void> {
    const reserve = async () =>
      (
        await post<{ reservationId: string }>(inventory, '/reservations', {
          orderId: uniqueId('order'),
          items: [
            { sku: 'SKU-001', quantity: 1 },
            { sku: 'SKU-004', quantity: 3 },
          ],
        })
      ).body.reservationId;
    await post(inventory, `/reservations/${await reserve()}/confirm`, {});
    await post(inventory, `/reservations/${await reserve()}/release`, {});
    const overdue = await reserve();
    await withDatabase(inventory.databaseUrl, (client) =>
      client.query(
        `UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [overdue],
      ),
    );
    await post(inventory, `/reservations/${overdue}/confirm`, {});

    const charge = async (token: string) =>
      (
        await post<{ chargeId: string }>(payment, '/charges', {
          orderId: uniqueId('order'),
          customerId: 'cus_contract',
          amount: 4_500,
          currency: 'USD',
          token,
        })
      ).body.chargeId;
    await post(payment, `/charges/${await charge('tok_visa')}/refund`, {});
    await charge('tok_insufficientFunds');
    await post(payment, `/charges/${await charge('tok_requiresAction')}/refund`, {});
    await post(payment, `/charges/${await charge('tok_requiresAction')}/authenticate`, {
      result: 'deny',
    });

    const { body } = await post<{ shipmentId: string }>(shipping, '/shipments', {
      orderId: uniqueId('order'),
      address: SAMPLE_ADDRESS,
      items: [{ sku: 'SKU-001', quantity: 1 }],
    });
    await post(shipping, `/shipments/${body.shipmentId}/cancel`, {});
  }

  it('the participants emitted every one of their event types', () => {
    const types = new Set(emitted.map((row) => row.event.type));
    expect([...types].sort()).toEqual([...PARTICIPANT_TYPES].sort());
  });

  it('every emitted event validates against its type’s JSON Schema file', async () => {
    const failures: string[] = [];
    for (const row of emitted) {
      const validator = await schemaFileValidator(row.event.type);
      const result = validator.safeParse(row.event);
      if (!result.success) failures.push(`${row.event.type} ${row.id}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(emitted.length).toBeGreaterThanOrEqual(PARTICIPANT_TYPES.length);
  });

  it('every emitted event parses, on its type’s topic, keyed and identified as the contract says', async () => {
    for (const row of emitted) {
      const event = parseCloudEvent(JSON.stringify(row.event));
      expect(row.topic).toBe(topicOf(event.type));
      expect(row.key).toBe(event.data.orderId);
      expect(event.subject).toBe(event.data.orderId);
      expect(event.id).toBe(row.id);
    }
    const payloads = await Promise.all(
      [inventory, payment, shipping].map((service) =>
        withDatabase(service.databaseUrl, (client) =>
          client.query<{ payload: string }>('SELECT payload FROM event_outbox'),
        ),
      ),
    );
    const text = payloads.flatMap((result) => result.rows.map((row) => row.payload)).join('\n');
    for (const secret of ['tok_', SAMPLE_ADDRESS.name, SAMPLE_ADDRESS.line1, SAMPLE_ADDRESS.city]) {
      expect(text).not.toContain(secret);
    }
  });
});
