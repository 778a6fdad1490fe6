import { parseCloudEvent, TOPICS } from '../../../lib/events/index.js';
import { createEventConsumer } from '../../../lib/kafka/index.js';
import type { Logger } from '../../../lib/logging/index.js';
import { createMetricsRegistry } from '../../../lib/metrics/index.js';
import { Database, ensureDatabase } from '../../../lib/participant/index.js';
import { migrateReadModel } from '../migrate-read-model.js';
import type { ReadModelConfig } from '../read-model-env.js';
import { registerReadModelMetrics } from '../read-model-metrics.js';
import { groupIdOf, startNextGeneration } from './generation.js';
import { Projector } from './projector.js';

export interface RebuildReport {
  generation: number;
  groupId: string;
  orders: number;
  events: number;
  seconds: number;
}

const LAG_POLL_MS = 200;
const PROGRESS_EVERY_MS = 5000;

/**
 * Empties the projection and replays every topic from the start under a fresh consumer group,
 * until that group has caught up with the topics' ends. The read model, started afterwards, goes
 * on with that group. One still running meanwhile does no harm: it applies only events the replay
 * applies too, once each, and it moves to the new group when restarted.
 */
export async function rebuildProjection(
  config: ReadModelConfig,
  logger: Logger,
): Promise<RebuildReport> {
  const started = performance.now();
  await ensureDatabase(config.databaseUrl, logger);
  await migrateReadModel(config.databaseUrl, logger);
  const database = new Database({
    url: config.databaseUrl,
    poolSize: 2,
    statementTimeoutMs: 60_000,
    lockTimeoutMs: 30_000,
    idleInTransactionTimeoutMs: 60_000,
    applicationName: 'order-read-model-rebuild',
    logger,
  });
  try {
    const generation = await startNextGeneration(database);
    const groupId = groupIdOf(config.groupId, generation);
    logger.info({ generation, groupId }, 'Emptied the projection; replaying the topics');
    const consumer = createEventConsumer({
      bootstrapServers: config.kafkaBootstrapServers,
      clientId: `${config.kafkaClientId}-rebuild`,
      groupId,
      topics: TOPICS,
      fromBeginning: true,
      logger: logger.child({ component: 'consumer', groupId }),
    });
    const metrics = registerReadModelMetrics(createMetricsRegistry(), () => consumer.lag());
    const projector = new Projector(database, parseCloudEvent, metrics, logger);
    try {
      await consumer.run((messages) => projector.handleBatch(messages));
      await caughtUp(() => consumer.lag(), logger);
    } finally {
      projector.stop();
      await consumer.close();
    }
    const { rows } = await database.query<{ orders: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM orders) AS orders,
              (SELECT count(*)::int FROM order_events) AS events`,
    );
    const report = {
      generation,
      groupId,
      orders: rows[0]?.orders ?? 0,
      events: rows[0]?.events ?? 0,
      seconds: (performance.now() - started) / 1000,
    };
    logger.info(report, 'Rebuilt the projection');
    return report;
  } finally {
    await database.close();
  }
}

async function caughtUp(lag: () => Promise<number>, logger: Logger): Promise<void> {
  let lastProgress = Date.now();
  for (;;) {
    const remaining = await lag();
    if (remaining === 0) return;
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      logger.info({ remaining }, 'Replaying');
      lastProgress = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, LAG_POLL_MS));
  }
}
