import pg from 'pg';
import { startReadModelHttp } from '../../apps/read-model/http/start-read-model-http.js';
import { migrateReadModel } from '../../apps/read-model/migrate-read-model.js';
import {
  applyBatch,
  type BatchOutcome,
} from '../../apps/read-model/projection/projection-store.js';
import { createLogger } from '../../lib/logging/index.js';
import { createMetricsRegistry } from '../../lib/metrics/index.js';
import { Database } from '../../lib/participant/index.js';
import { IN_PROCESS, createTestDatabase } from './participants.js';
import { topicOf, type TestCloudEvent } from './read-model-events.js';

export const testLogger = createLogger('order-read-model', IN_PROCESS.logLevel);

export interface TestProjection {
  databaseUrl: string;
  database: Database;
  /** Applies events as one batch (one transaction), as the consumer does. */
  apply(events: readonly TestCloudEvent[]): Promise<BatchOutcome>;
  /** The projection's rows, in a stable order, without arrival or wall-clock columns. */
  snapshot(): Promise<ProjectionSnapshot>;
  close(): Promise<void>;
}

export interface ProjectionSnapshot {
  orders: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

/** A migrated, empty read-model database of its own. */
export async function startTestProjection(): Promise<TestProjection> {
  const created = await createTestDatabase('read_model');
  await migrateReadModel(created.url, testLogger);
  const database = testDatabase(created.url);
  let offset = 0;
  return {
    databaseUrl: created.url,
    database,
    apply: (events) =>
      database.transaction((sql) =>
        applyBatch(
          sql,
          events.map((event) => ({
            topic: topicOf(event.type),
            partition: 0,
            offset: String(offset++),
            event,
          })),
        ),
      ),
    snapshot: () => projectionSnapshot(created.url),
    close: async () => {
      await database.close();
      await created.drop();
    },
  };
}

export function testDatabase(url: string): Database {
  return new Database({
    url,
    poolSize: 4,
    statementTimeoutMs: 10_000,
    lockTimeoutMs: 5000,
    idleInTransactionTimeoutMs: 60_000,
    applicationName: 'read-model-test',
    logger: testLogger,
  });
}

/** What a rebuild must reproduce: every column that the events determine. */
export async function projectionSnapshot(databaseUrl: string): Promise<ProjectionSnapshot> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const orders = await client.query<Record<string, unknown>>(
      `SELECT order_id, customer_id, status, status_rank, total_amount, currency, total_rank,
              created_at, placed, updated_at, last_event_id, last_event_type, event_count
         FROM orders ORDER BY order_id`,
    );
    const events = await client.query<Record<string, unknown>>(
      `SELECT event_id, order_id, type, time, topic, payload FROM order_events ORDER BY event_id`,
    );
    return { orders: orders.rows, events: events.rows };
  } finally {
    await client.end();
  }
}

export interface TestReadModelHttp {
  url: string;
  close(): Promise<void>;
}

/** The read model's HTTP API over a projection, without a consumer (it reports itself up). */
export async function startTestReadModelHttp(
  projection: TestProjection,
): Promise<TestReadModelHttp> {
  const running = await startReadModelHttp({
    database: testDatabase(projection.databaseUrl),
    projection: { consuming: () => true },
    registry: createMetricsRegistry(),
    logger: testLogger,
    port: 0,
    host: IN_PROCESS.host,
  });
  return { url: running.url, close: () => running.close() };
}
