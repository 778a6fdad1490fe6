import { z } from 'zod';
import { parseBootstrapServers } from './bootstrap-servers.js';

const bootstrapServers = z
  .string()
  .refine(
    (value) => {
      try {
        parseBootstrapServers(value);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'must be a comma-separated list of host:port addresses' },
  )
  .describe(
    'Kafka brokers to bootstrap from, comma-separated host:port (npm start sets its embedded broker).',
  );

const clientId = z
  .string()
  .regex(/^[A-Za-z0-9._-]+$/, { error: 'may hold only letters, digits, ".", "_" and "-"' })
  .optional()
  .describe("Kafka client id; defaults to the process's service name.");

/**
 * Kafka settings for a process's env schema (spread its `.shape` into the process's object).
 * `KAFKA_BOOTSTRAP_SERVERS` is optional here: a process that can run without Kafka (a participant
 * whose outbox relay then stays off) uses this; one that cannot uses `requiredKafkaEnvSchema`.
 */
export const kafkaEnvSchema = z.object({
  KAFKA_BOOTSTRAP_SERVERS: bootstrapServers.optional(),
  KAFKA_CLIENT_ID: clientId,
});

/** As `kafkaEnvSchema`, for a process that cannot run without a broker (the read model). */
export const requiredKafkaEnvSchema = z.object({
  KAFKA_BOOTSTRAP_SERVERS: bootstrapServers,
  KAFKA_CLIENT_ID: clientId,
});

export type KafkaEnv = z.infer<typeof kafkaEnvSchema>;
