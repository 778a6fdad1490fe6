import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { loadEnv, logLevel, port, postgresUrl } from '../../lib/config/index.js';
import { requiredKafkaEnvSchema } from '../../lib/kafka/index.js';

export const DEFAULT_READ_MODEL_GROUP_ID = 'order-read-model';

export const readModelEnv = z.object({
  PORT: port(3004).describe('HTTP port to listen on.'),
  HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Network interface to listen on; 0.0.0.0 (as in docker-compose) listens on all.'),
  DATABASE_URL: postgresUrl(
    'postgres://postgres:postgres@localhost:5433/order_read_model',
  ).describe(
    "PostgreSQL URL of this service's database; created at start-up when missing (needs CREATEDB).",
  ),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(2)
    .max(100)
    .default(10)
    .describe('Maximum number of pooled database connections.'),
  ...requiredKafkaEnvSchema.shape,
  READ_MODEL_GROUP_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, { error: 'must be 1 to 200 letters, digits, . _ or -' })
    .default(DEFAULT_READ_MODEL_GROUP_ID)
    .describe(
      'Kafka consumer group of the order read model; a new group reads every topic from the start.',
    ),
  LOG_LEVEL: logLevel,
});

export interface ReadModelConfig {
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  kafkaBootstrapServers: string;
  kafkaClientId: string;
  groupId: string;
  logLevel: LevelWithSilent;
}

export function loadReadModelConfig(env: NodeJS.ProcessEnv = process.env): ReadModelConfig {
  const vars = loadEnv('read-model', readModelEnv, env);
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    kafkaBootstrapServers: vars.KAFKA_BOOTSTRAP_SERVERS,
    kafkaClientId: vars.KAFKA_CLIENT_ID ?? 'order-read-model',
    groupId: vars.READ_MODEL_GROUP_ID,
    logLevel: vars.LOG_LEVEL,
  };
}
