import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { flag, logLevel, port, postgresUrl } from '../config/index.js';
import { outboxEnv, toOutboxConfig, type OutboxConfig } from './outbox/outbox-env.js';

export interface ServiceEnvDefaults {
  port: number;
  /** Name of the service's own database on the default server. */
  database: string;
}

/**
 * Variables every participant service reads; each service extends the schema with its own.
 * Keys are the variable names, so a bad value is reported by name.
 */
export function participantServiceEnv(defaults: ServiceEnvDefaults) {
  return z.object({
    PORT: port(defaults.port).describe('HTTP port to listen on.'),
    HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Network interface to listen on; 0.0.0.0 (as in docker-compose) listens on all.'),
    DATABASE_URL: postgresUrl(
      `postgres://postgres:postgres@localhost:5433/${defaults.database}`,
    ).describe(
      "PostgreSQL URL of this service's database; created at start-up when missing (needs CREATEDB).",
    ),
    DATABASE_POOL_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .describe('Maximum number of pooled database connections.'),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .default(4000)
      .describe(
        'Longest a statement (lock waits included) or a wait for a pooled connection may take; keep it below PARTICIPANT_TIMEOUT_MS of the callers.',
      ),
    DATABASE_LOCK_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .default(3000)
      .describe(
        'Longest a statement waits for a lock before it fails (and the request answers 503); below DATABASE_STATEMENT_TIMEOUT_MS.',
      ),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(60_000)
      .describe(
        'A transaction left idle this long is ended by the server, so a stuck request cannot hold locks.',
      ),
    FAULT_INJECTION_ENABLED: flag(false).describe(
      'Exposes PUT /admin/faults for chaos tests. Never enable it in production.',
    ),
    LOG_LEVEL: logLevel,
    ...outboxEnv.shape,
  });
}

export type ParticipantServiceEnv = z.infer<ReturnType<typeof participantServiceEnv>>;

export interface ParticipantServiceConfig {
  port: number;
  host: string;
  databaseUrl: string;
  databasePoolSize: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  faultInjectionEnabled: boolean;
  logLevel: LevelWithSilent;
  /** Where the domain events written with the effects go. */
  outbox: OutboxConfig;
}

export function toServiceConfig(vars: ParticipantServiceEnv): ParticipantServiceConfig {
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: vars.DATABASE_LOCK_TIMEOUT_MS,
    idleInTransactionTimeoutMs: vars.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    faultInjectionEnabled: vars.FAULT_INJECTION_ENABLED,
    logLevel: vars.LOG_LEVEL,
    outbox: toOutboxConfig(vars),
  };
}
