import { msToNumber } from '@temporalio/common/lib/time.js';
import { z } from 'zod';
import { kafkaEnvSchema } from '../../kafka/index.js';

const retention = z
  .string()
  .default('7 days')
  .transform((value, context) => {
    const ms = durationMs(value);
    if (ms === undefined || ms < 1000) {
      context.addIssue({
        code: 'custom',
        message: 'must be a duration of at least 1 second such as "7 days", "36h" or "90 minutes"',
      });
      return z.NEVER;
    }
    return ms;
  });

/** The outbox relay's variables, part of every participant service's env schema. */
export const outboxEnv = z.object({
  ...kafkaEnvSchema.shape,
  // Described again: the description sits on the inner schema, not on its optional wrapper.
  KAFKA_BOOTSTRAP_SERVERS: kafkaEnvSchema.shape.KAFKA_BOOTSTRAP_SERVERS.describe(
    kafkaEnvSchema.shape.KAFKA_BOOTSTRAP_SERVERS.unwrap().description ?? '',
  ),
  OUTBOX_RETENTION: retention.describe(
    'How long published events stay in the outbox table before they are deleted.',
  ),
  OUTBOX_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(200)
    .describe('How often the outbox relay looks for events to publish to Kafka.'),
});

export type OutboxEnv = z.infer<typeof outboxEnv>;

export interface OutboxConfig {
  /** Undefined: KAFKA_BOOTSTRAP_SERVERS is unset, the relay is off and events stay in the table. */
  kafka: { bootstrapServers: string; clientId: string | undefined } | undefined;
  retentionMs: number;
  pollIntervalMs: number;
}

export function toOutboxConfig(vars: OutboxEnv): OutboxConfig {
  const { KAFKA_BOOTSTRAP_SERVERS: bootstrapServers, KAFKA_CLIENT_ID: clientId } = vars;
  return {
    kafka: bootstrapServers === undefined ? undefined : { bootstrapServers, clientId },
    retentionMs: vars.OUTBOX_RETENTION,
    pollIntervalMs: vars.OUTBOX_POLL_INTERVAL_MS,
  };
}

function durationMs(value: string): number | undefined {
  try {
    return msToNumber(value as Parameters<typeof msToNumber>[0]);
  } catch {
    return undefined;
  }
}
