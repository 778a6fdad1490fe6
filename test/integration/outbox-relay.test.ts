import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseCloudEvent, TOPICS } from '../../lib/events/index.js';
import { createEventProducer, type EventProducer } from '../../lib/kafka/index.js';
import { createLogger } from '../../lib/logging/index.js';
import {
  OutboxRelay,
  recordEvent,
  STRUCTURED_CONTENT_TYPE,
} from '../../lib/participant/outbox/index.js';
import { outboxRows } from '../support/outbox-events.js';
import { readTopics, testKafkaServers, type TopicReader } from '../support/outbox-kafka.js';
import {
  eventually,
  IN_PROCESS,
  post,
  startTestInventory,
  startTestShipping,
  uniqueId,
  withDatabase,
  type TestService,
} from '../support/participants.js';
import { parsePrometheusText, samplesOf } from '../../lib/metrics/index.js';

const quietLogger = createLogger('outbox-relay-test', IN_PROCESS.logLevel);
const WEEK_MS = 7 * 24 * 3600_000;

describe('outbox relay (real broker)', () => {
  let reader: TopicReader;

  beforeAll(async () => {
    reader = await readTopics(testKafkaServers(), TOPICS);
  });

  afterAll(async () => {
    await reader.close();
  });

  const messagesOf = (orderId: string) => reader.messages.filter((m) => m.key === orderId);

  describe('in the service', () => {
    let inventory: TestService;

    beforeAll(async () => {
      inventory = await startTestInventory({
        outbox: {
          kafka: { bootstrapServers: testKafkaServers(), clientId: undefined },
          pollIntervalMs: 50,
          retentionMs: WEEK_MS,
        },
      });
    });

    afterAll(async () => {
      await inventory.close();
    });

    it('publishes an order’s events in order, keyed by orderId, and marks them sent', async () => {
      const orderId = uniqueId('order');
      const { body } = await post<{ reservationId: string }>(inventory, '/reservations', {
        orderId,
        items: [{ sku: 'SKU-001', quantity: 1 }],
      });
      await post(inventory, `/reservations/${body.reservationId}/confirm`, {});

      await reader.until(() => messagesOf(orderId).length >= 2);
      const published = messagesOf(orderId);
      const rows = await outboxRows(inventory, orderId);
      expect(published.map((m) => m.value)).toEqual(rows.map((row) => JSON.stringify(row.event)));
      expect(published.map((m) => parseCloudEvent(m.value).type)).toEqual([
        'inventory.reservation.held',
        'inventory.reservation.confirmed',
      ]);
      expect(new Set(published.map((m) => m.topic))).toEqual(new Set(['inventory.reservations']));
      expect(new Set(published.map((m) => m.partition)).size).toBe(1);
      expect(published[0]?.headers['content-type']).toBe(STRUCTURED_CONTENT_TYPE);

      const sent = await eventually(
        () => outboxRows(inventory, orderId),
        (found) => found.every((row) => row.sent),
      );
      expect(sent.map((row) => row.sent)).toEqual([true, true]);
      const backlog = await eventually(
        () => backlogOf(inventory),
        (value) => value === 0,
      );
      expect(backlog).toBe(0);
    });
  });

  describe('driven directly', () => {
    // A migrated participant database whose own relay is off: the test drives relays on it.
    let shipping: TestService;
    const relays: OutboxRelay[] = [];

    beforeAll(async () => {
      shipping = await startTestShipping();
    });

    afterAll(async () => {
      await Promise.all(relays.map((relay) => relay.stop()));
      await shipping.close();
    });

    function relayWith(producer: EventProducer, retentionMs = WEEK_MS): OutboxRelay {
      const relay = new OutboxRelay({
        databaseUrl: shipping.databaseUrl,
        producer,
        pollIntervalMs: 50,
        retentionMs,
        statementTimeoutMs: 5000,
        logger: quietLogger,
      });
      relays.push(relay);
      return relay;
    }

    const realProducer = () =>
      createEventProducer({ bootstrapServers: testKafkaServers(), clientId: 'outbox-relay-test' });

    async function writeEvents(orderId: string, count: number): Promise<string[]> {
      return withDatabase(shipping.databaseUrl, async (client) => {
        const ids: string[] = [];
        for (let index = 0; index < count; index++) {
          const event = await recordEvent(client, 'shipping.shipment.cancelled', {
            orderId,
            shipmentId: `shp_${index}`,
          });
          ids.push(event.id);
        }
        return ids;
      });
    }

    it('re-sends, with the same id, an event whose relay died between the publish and the mark', async () => {
      const orderId = uniqueId('order');
      const [eventId] = await writeEvents(orderId, 1);
      const producer = realProducer();
      const dying: EventProducer = {
        async publish(messages) {
          await producer.publish(messages);
          throw new Error('relay died after the publish, before the mark');
        },
        connect: (topics) => producer.connect(topics),
        close: () => producer.close(),
      };

      await expect(relayWith(dying).publishPending()).rejects.toThrow(/relay died/);
      expect((await outboxRows(shipping, orderId)).map((row) => row.sent)).toEqual([false]);

      expect(await relayWith(realProducer()).publishPending()).toBe(1);
      expect((await outboxRows(shipping, orderId)).map((row) => row.sent)).toEqual([true]);

      const received = await reader.until(() => messagesOf(orderId).length >= 2);
      const copies = received.filter((m) => m.key === orderId);
      expect(copies).toHaveLength(2);
      expect(copies.map((m) => parseCloudEvent(m.value).id)).toEqual([eventId, eventId]);
      expect(copies[0]?.value).toBe(copies[1]?.value);
    });

    it('two relays on one database publish each event once, in order', async () => {
      const orderId = uniqueId('order');
      const ids = await writeEvents(orderId, 150);
      const [first, second] = [relayWith(realProducer()), relayWith(realProducer())];
      const counts = await Promise.all([first.publishPending(), second.publishPending()]);
      // The one that found the turn taken publishes nothing now; a later pass finds nothing left.
      const published = counts[0] + counts[1] + (await first.publishPending());
      expect(published).toBe(150);

      const received = await reader.until(() => messagesOf(orderId).length >= 150);
      const eventIds = received
        .filter((m) => m.key === orderId)
        .map((m) => parseCloudEvent(m.value).id);
      expect(eventIds).toEqual(ids);
    });

    it('prunes sent events past the retention period and keeps the rest', async () => {
      const orderId = uniqueId('order');
      const [old, recent, unsent] = await writeEvents(orderId, 3);
      await withDatabase(shipping.databaseUrl, (client) =>
        client.query(
          `UPDATE event_outbox SET sent_at = CASE id WHEN $1::uuid THEN now() - interval '2 hours'
                                                    ELSE now() END
            WHERE id = ANY($2::uuid[])`,
          [old, [old, recent]],
        ),
      );
      const relay = relayWith(realProducer(), 3600_000);
      expect(await relay.pruneSent()).toBe(1);
      const left = await outboxRows(shipping, orderId);
      expect(left.map((row) => [row.id, row.sent])).toEqual([
        [recent, true],
        [unsent, false],
      ]);
    });
  });

  describe('pruning in the service', () => {
    let shipping: TestService;

    beforeAll(async () => {
      shipping = await startTestShipping({
        outbox: {
          kafka: { bootstrapServers: testKafkaServers(), clientId: 'shipping-prune-test' },
          pollIntervalMs: 50,
          retentionMs: 1000,
        },
      });
    });

    afterAll(async () => {
      await shipping.close();
    });

    it('deletes published events once they are older than OUTBOX_RETENTION', async () => {
      const orderId = uniqueId('order');
      await post(shipping, '/shipments', {
        orderId,
        address: { name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'US' },
        items: [{ sku: 'SKU-001', quantity: 1 }],
      });
      await reader.until(() => messagesOf(orderId).length >= 1);
      const left = await eventually(
        () => outboxRows(shipping, orderId),
        (rows) => rows.length === 0,
      );
      expect(left).toEqual([]);
      expect(messagesOf(orderId).map((m) => parseCloudEvent(m.value).type)).toEqual([
        'shipping.shipment.scheduled',
      ]);
    });
  });
});

async function backlogOf(service: TestService): Promise<number | undefined> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return samplesOf(parsePrometheusText(text), 'outbox_backlog_events')[0]?.value;
}
