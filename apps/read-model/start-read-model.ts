import { parseCloudEvent, TOPICS } from '../../lib/events/index.js';
import { createEventConsumer } from '../../lib/kafka/index.js';
import { createLogger, type Logger } from '../../lib/logging/index.js';
import { createMetricsRegistry } from '../../lib/metrics/index.js';
import { Database, ensureDatabase } from '../../lib/participant/index.js';
import { READ_MODEL_SERVICE, startReadModelHttp } from './http/start-read-model-http.js';
import { migrateReadModel } from './migrate-read-model.js';
import { ConsumerRunner } from './projection/consumer-runner.js';
import { currentGeneration, groupIdOf } from './projection/generation.js';
import { Projector } from './projection/projector.js';
import type { ReadModelConfig } from './read-model-env.js';
import { registerReadModelMetrics } from './read-model-metrics.js';

export interface RunningReadModel {
  /** Base URL, e.g. http://127.0.0.1:3004 */
  url: string;
  /** The consumer group in use (the configured one, or a rebuild's). */
  groupId: string;
  /** Resolves once the consumer has joined its group (it keeps trying in the background). */
  joined(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Creates and migrates the database when needed, serves the projection over HTTP, and joins the
 * consumer group of the projection's generation (reading every topic from the start when it has
 * no offsets yet) in the background; /health answers 503 until it has joined. Shutdown stops the
 * consumer after its batch in flight, then the server and the database pool.
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
    const runner = new ConsumerRunner(consumer, projector, logger.child({ groupId }));
    const http = await startReadModelHttp({
      database,
      projection: runner,
      registry,
      logger,
      port: config.port,
      host: config.host,
      providers: [{ provide: ConsumerRunner, useValue: runner }],
    });
    const joining = runner.start();
    return {
      url: http.url,
      groupId,
      joined: () => joining,
      close: () => http.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
