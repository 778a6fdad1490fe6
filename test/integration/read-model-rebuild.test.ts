import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { OrderSummary } from '../../apps/read-model/http/orders.repository.js';
import { groupIdOf } from '../../apps/read-model/projection/generation.js';
import { rebuildProjection } from '../../apps/read-model/projection/rebuild-projection.js';
import { eventually, get } from '../support/participants.js';
import { projectionSnapshot, testLogger, type ProjectionSnapshot } from '../support/read-model.js';
import {
  ensureEventTopics,
  startTestReadModel,
  testPublisher,
  testReadModelConfig,
  type TestPublisher,
  type TestReadModel,
} from '../support/read-model-kafka.js';
import {
  newOrder,
  pathEvents,
  PATHS,
  shuffled,
  type SagaPath,
  type TestCloudEvent,
} from '../support/read-model-events.js';

describe('read model rebuild (real broker)', () => {
  const config = testReadModelConfig();
  let readModel: TestReadModel;
  let publisher: TestPublisher;
  const orderIds = new Set<string>();
  let before: ProjectionSnapshot;

  /** This test's orders only: other test files publish on the same topics meanwhile. */
  const ours = async (): Promise<ProjectionSnapshot> => {
    const all = await projectionSnapshot(config.databaseUrl);
    const mine = (row: Record<string, unknown>) => orderIds.has(String(row.order_id));
    return { orders: all.orders.filter(mine), events: all.events.filter(mine) };
  };

  beforeAll(async () => {
    await ensureEventTopics();
    readModel = await startTestReadModel(config);
    publisher = testPublisher();
    const paths = Object.keys(PATHS) as SagaPath[];
    const events: TestCloudEvent[] = [];
    for (let i = 0; i < 28; i++) {
      const order = newOrder(`cus_rebuild_${i % 4}`);
      orderIds.add(order.orderId);
      events.push(...pathEvents(paths[i % paths.length] ?? 'completed', order));
    }
    // Shuffled across orders and topics, some published twice.
    await publisher.publish(shuffled(events));
    await publisher.publish(events.filter((_event, index) => index % 5 === 0));
    await eventually(
      async () => (await ours()).events.length,
      (count) => count === events.length,
      { timeoutMs: 30_000 },
    );
    before = await ours();
  });

  afterAll(async () => {
    await publisher.close();
    await readModel.drop();
  });

  it('gives the same rows after emptying the projection and replaying the topics', async () => {
    await readModel.stop();

    const report = await rebuildProjection(config, testLogger);

    expect(report.generation).toBe(1);
    expect(report.groupId).toBe(groupIdOf(config.groupId, 1));
    expect(await ours()).toEqual(before);
    expect(before.orders).toHaveLength(orderIds.size);
  });

  it('goes on with the rebuild’s consumer group when started again', async () => {
    readModel = await startTestReadModel(config);
    expect(readModel.groupId).toBe(groupIdOf(config.groupId, 1));
    const order = newOrder('cus_rebuild_after');
    orderIds.add(order.orderId);
    await publisher.publish(pathEvents('completed', order));

    const summary = await eventually(
      () => get<OrderSummary>(readModel, `/orders/${order.orderId}`),
      (response) => response.body.status === 'COMPLETED',
    );
    expect(summary.status).toBe(200);
    const after = await ours();
    // Nothing applied twice: the earlier orders' rows are exactly as before.
    expect(after.orders.filter((row) => row.order_id !== order.orderId)).toEqual(before.orders);
  });

  it('gives the same rows when rebuilt while the read model keeps consuming', async () => {
    const expected = await ours();

    const report = await rebuildProjection(config, testLogger);

    expect(report.generation).toBe(2);
    expect(await ours()).toEqual(expected);
  });

  it('rebuilds the same rows as `npm run read-model:rebuild` runs it (the built script)', async () => {
    const expected = await ours();
    const script = fileURLToPath(new URL('../../dist/apps/read-model/rebuild.js', import.meta.url));

    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      env: {
        ...process.env,
        DATABASE_URL: config.databaseUrl,
        KAFKA_BOOTSTRAP_SERVERS: config.kafkaBootstrapServers,
        READ_MODEL_GROUP_ID: config.groupId,
      },
    });

    expect(stdout).toContain('Rebuilt the projection');
    expect(stdout).toContain(`"groupId":"${groupIdOf(config.groupId, 3)}"`);
    expect(await ours()).toEqual(expected);
  });
});
