import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { findFreePort } from '../../lib/embedded-postgres/index.js';
import { parseCloudEvent, TOPICS } from '../../lib/events/index.js';
import { startKafkaBroker, type RunningKafkaBroker } from '../../lib/kafka-broker/index.js';
import { ensureTopics } from '../../lib/kafka/index.js';
import { outboxRows } from '../support/outbox-events.js';
import { readTopics } from '../support/outbox-kafka.js';
import {
  eventually,
  post,
  startTestInventory,
  uniqueId,
  type TestService,
} from '../support/participants.js';
import { parsePrometheusText, samplesOf } from '../../lib/metrics/index.js';

/** The service's log lines, as JSON objects. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as { level: number; msg: string });
      }
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

const OUTAGE_WARNING = 'Cannot publish outbox events';

// A broker of its own, stopped and started again on the same folder and ports: the outage.
describe('outbox relay through a broker outage', () => {
  let dataDir: string;
  let addresses: { port: number; controllerPort: number };
  let broker: RunningKafkaBroker | undefined;
  let inventory: TestService;
  const { logger, lines } = capturingLogger();

  const startBroker = async () => {
    broker = await startKafkaBroker({ dataDir, ...addresses, log: () => undefined });
    return broker.bootstrapServers;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'checkout-saga-outbox-outage-'));
    const [port, controllerPort] = await Promise.all([findFreePort(), findFreePort()]);
    addresses = { port, controllerPort };
    const servers = await startBroker();
    await ensureTopics(servers, TOPICS);
    inventory = await startTestInventory({
      logger,
      outbox: {
        kafka: { bootstrapServers: servers, clientId: undefined },
        pollIntervalMs: 100,
        retentionMs: 7 * 24 * 3600_000,
      },
    });
  }, 180_000);

  afterAll(async () => {
    await inventory.close();
    await broker?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  const reserve = async (orderId: string) => {
    const { status, body } = await post<{ reservationId: string }>(inventory, '/reservations', {
      orderId,
      items: [{ sku: 'SKU-004', quantity: 1 }],
    });
    expect(status).toBe(201);
    const confirmed = await post(inventory, `/reservations/${body.reservationId}/confirm`, {});
    expect(confirmed.status).toBe(200);
  };

  it('commits the effects while the broker is down and publishes every event once it returns', async () => {
    const servers = broker?.bootstrapServers ?? '';
    const before = uniqueId('order');
    await reserve(before);
    await eventually(
      () => outboxRows(inventory, before),
      (rows) => rows.every((row) => row.sent),
    );

    await broker?.stop();
    broker = undefined;
    const during = Array.from({ length: 5 }, () => uniqueId('order'));
    for (const orderId of during) await reserve(orderId);
    const waiting = (
      await Promise.all(during.map((orderId) => outboxRows(inventory, orderId)))
    ).flat();
    expect(waiting).toHaveLength(10);
    expect(waiting.every((row) => !row.sent)).toBe(true);
    expect(await backlogOf(inventory)).toBeGreaterThanOrEqual(10);
    // The relay keeps failing for a while; it says so once.
    await eventually(
      () => Promise.resolve(lines.filter((line) => line.msg.startsWith(OUTAGE_WARNING)).length),
      (warnings) => warnings > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));

    expect(await startBroker()).toBe(servers);
    const sent = await eventually(
      async () =>
        (await Promise.all(during.map((orderId) => outboxRows(inventory, orderId)))).flat(),
      (rows) => rows.every((row) => row.sent),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(sent.every((row) => row.sent)).toBe(true);
    expect(await backlogOf(inventory)).toBe(0);
    expect(lines.filter((line) => line.msg.startsWith(OUTAGE_WARNING))).toHaveLength(1);
    expect(lines.some((line) => line.msg === 'Publishing outbox events again')).toBe(true);

    const reader = await readTopics(servers, TOPICS);
    try {
      const wanted = new Set(waiting.map((row) => row.id));
      const received = await reader.until(
        (messages) =>
          messages.filter((m) => wanted.has(parseCloudEvent(m.value).id)).length >= wanted.size,
        60_000,
      );
      const ids = new Set(received.map((m) => parseCloudEvent(m.value).id));
      expect([...wanted].filter((id) => !ids.has(id))).toEqual([]);
    } finally {
      await reader.close();
    }
  }, 240_000);
});

async function backlogOf(service: TestService): Promise<number | undefined> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  return samplesOf(parsePrometheusText(text), 'outbox_backlog_events')[0]?.value;
}
