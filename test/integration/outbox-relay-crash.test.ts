import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parseCloudEvent, TOPICS } from '../../lib/events/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { migrate } from '../../lib/participant/index.js';
import { recordEvent } from '../../lib/participant/outbox/index.js';
import { outboxRows } from '../support/outbox-events.js';
import { readTopics, testKafkaServers, type TopicReader } from '../support/outbox-kafka.js';
import {
  createTestDatabase,
  eventually,
  uniqueId,
  withDatabase,
  type TestDatabase,
} from '../support/participants.js';

const SHIPPING_MAIN = fileURLToPath(new URL('../../dist/apps/shipping/main.js', import.meta.url));
const SHIPPING_MIGRATIONS = fileURLToPath(
  new URL('../../apps/shipping/migrations', import.meta.url),
);

/** The built shipping service (as `npm start` runs it), its relay publishing to the test broker. */
function startShippingProcess(databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [SHIPPING_MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: databaseUrl,
      KAFKA_BOOTSTRAP_SERVERS: testKafkaServers(),
      OUTBOX_POLL_INTERVAL_MS: '50',
      // The relay's mark waits on the test's row lock; no statement timeout may end that wait.
      DATABASE_STATEMENT_TIMEOUT_MS: '120000',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

// A real crash: the service process is killed while its relay has published an event and waits
// to mark it sent (the test holds the row's lock, so the mark cannot complete before the kill).
describe('outbox relay killed between the publish and the mark', () => {
  let database: TestDatabase;
  let reader: TopicReader;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('shipping_crash');
    await migrate({
      databaseUrl: database.url,
      dir: SHIPPING_MIGRATIONS,
      logger: createLogger('outbox-crash-test', 'silent'),
    });
    reader = await readTopics(testKafkaServers(), TOPICS);
  });

  afterAll(async () => {
    await Promise.all(children.map(kill));
    await reader.close();
    await database.drop();
  });

  it('publishes the event again, with the same id, once the service is back', async () => {
    const orderId = uniqueId('order');
    const event = await withDatabase(database.url, (client) =>
      recordEvent(client, 'shipping.shipment.cancelled', { orderId, shipmentId: 'shp_crash' }),
    );
    const copiesOf = () =>
      reader.messages.filter(
        // Other tests share the topics, some with messages that are not events: match the key first.
        (message) => message.key === orderId && parseCloudEvent(message.value).id === event.id,
      );

    const lock = new pg.Client({ connectionString: database.url });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM event_outbox WHERE id = $1 FOR UPDATE', [event.id]);

      const first = startShippingProcess(database.url);
      children.push(first);
      await reader.until(() => copiesOf().length >= 1);
      expect(copiesOf()).toHaveLength(1);
      await kill(first);
      expect(
        (await outboxRows({ databaseUrl: database.url }, orderId)).map((row) => row.sent),
      ).toEqual([false]);
    } finally {
      await lock.query('ROLLBACK');
      await lock.end();
    }

    children.push(startShippingProcess(database.url));
    const rows = await eventually(
      () => outboxRows({ databaseUrl: database.url }, orderId),
      (found) => found.every((row) => row.sent),
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(rows.map((row) => row.sent)).toEqual([true]);
    await reader.until(() => copiesOf().length >= 2);
    const copies = copiesOf();
    expect(copies).toHaveLength(2);
    expect(copies[1]?.value).toBe(copies[0]?.value);
    expect(copies.map((copy) => copy.key)).toEqual([orderId, orderId]);
  }, 120_000);
});
