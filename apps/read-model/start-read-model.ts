import type { BeforeApplicationShutdown } from '@nestjs/common';
import { parseCloudEvent, TOPICS } from '../../lib/events/index.js';
import { createEventConsumer, type EventConsumer } from '../../lib/kafka/index.js';
import { createLogger, type Logger } from '../../lib/logging/index.js';
import { createMetricsRegistry } from '../../lib/metrics/index.js';
import { Database, ensureDatabase } from '../../lib/participant/index.js';
import { READ_MODEL_SERVICE, startReadModelHttp } from './http/start-read-model-http.js';
import { migrateReadModel } from './migrate-read-model.js';
import { currentGeneration, groupIdOf } from './projection/generation.js';
import { Projector } from './projection/projector.js';
import type { ReadModelConfig } from './read-model-env.js';
import { registerReadModelMetrics } from './read-model-metrics.js';

export interface RunningReadModel {
  /** Base URL, e.g. http://127.0.0.1:3004 */
  url: string;
  /** The consumer group in use (the configured one, or a rebuild's). */
  groupId: string;
  close(): Promise<void>;
}

/**
 * Creates and migrates the database when needed, joins the consumer group of the projection's
 * generation (reading every topic from the start when it has no offsets yet), then serves the
 * projection over HTTP. Shutdown stops the consumer after its batch in flight, then the server.
 */
export async function startReadModel(
  config: ReadModelConfig,
  logger: Logger = createLogger(READ_MODEL_SERVICE, config.logLevel),
): Promise<RunningReadModel> {
  await ensureDatabase(config.databaseUrl, logger);
  await migrateReadModel(config.databaseUrl, logger);
  const database = new Database({
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: 10_000,
    lockTimeoutMs: 5000,
    idleInTransactionTimeoutMs: 60_000,
    applicationName: READ_MODEL_SERVICE,
    logger,
  });
  try {
    const groupId = groupIdOf(config.groupId, await currentGeneration(database));
    const consumer = createEventConsumer({
      bootstrapServers: config.kafkaBootstrapServers,
      clientId: config.kafkaClientId,
      groupId,
      topics: TOPICS,
      fromBeginning: true,
      logger: logger.child({ component: 'consumer', groupId }),
    });
    const registry = createMetricsRegistry();
    const metrics = registerReadModelMetrics(registry, () => consumer.lag());
    const projector = new Projector(database, parseCloudEvent, metrics, logger);
    const stopConsumer = consumerStopper(consumer, projector);

    await consumer.run((messages) => projector.handleBatch(messages));
    logger.info({ groupId, topics: TOPICS }, 'Consuming the domain events');
    const http = await startReadModelHttp({
      database,
      projection: { consuming: () => !stopConsumer.stopped },
      registry,
      logger,
      port: config.port,
      host: config.host,
      providers: [{ provide: 'READ_MODEL_CONSUMER', useValue: stopConsumer }],
    }).catch(async (error: unknown) => {
      await stopConsumer.beforeApplicationShutdown();
      throw error;
    });
    return { url: http.url, groupId, close: () => http.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Stops the consumer ahead of the database pool when the app shuts down (signals included). */
function consumerStopper(
  consumer: EventConsumer,
  projector: Projector,
): BeforeApplicationShutdown & { stopped: boolean } {
  let stopping: Promise<void> | undefined;
  const stopper = {
    stopped: false,
    beforeApplicationShutdown() {
      stopper.stopped = true;
      projector.stop();
      stopping ??= consumer.close();
      return stopping;
    },
  };
  return stopper;
}
