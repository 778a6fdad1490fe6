import { Module, type Provider, type Type } from '@nestjs/common';
import { createLogger, type Logger } from '../logging/index.js';
import { createMetricsRegistry } from '../metrics/index.js';
import { startHttpApp } from '../nest/index.js';
import { Database } from './database.js';
import { ensureDatabase } from './ensure-database.js';
import { FaultInjector } from './faults/fault-injector.js';
import { FaultsController } from './faults/faults.controller.js';
import { HealthController } from './health.controller.js';
import { IdempotentRequests } from './idempotency/idempotent-requests.js';
import { migrate } from './migrate.js';
import { createParticipantOutbox, ParticipantOutbox } from './outbox/participant-outbox.js';
import { setupParticipantOpenApi } from './openapi/setup-participant-openapi.js';
import type { ParticipantServiceConfig } from './service-env.js';
import { PARTICIPANT_LOGGER, PARTICIPANT_METRICS } from './tokens.js';

export interface ParticipantServiceDefinition {
  /** inventory, payment or shipping: the logs' service name. */
  name: string;
  /** Folder of the service's SQL migrations. */
  migrationsDir: string;
  controllers: Type[];
  providers: Provider[];
}

export interface RunningParticipantService {
  /** Base URL, e.g. http://127.0.0.1:3001 */
  url: string;
  close(): Promise<void>;
}

/** Creates the database if needed, migrates it, then serves the service over HTTP. */
export async function startParticipantService(
  definition: ParticipantServiceDefinition,
  config: ParticipantServiceConfig,
  logger: Logger = createLogger(definition.name, config.logLevel),
): Promise<RunningParticipantService> {
  await ensureDatabase(config.databaseUrl, logger);
  await migrate({ databaseUrl: config.databaseUrl, dir: definition.migrationsDir, logger });

  const database = new Database({
    url: config.databaseUrl,
    poolSize: config.databasePoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    lockTimeoutMs: config.lockTimeoutMs,
    idleInTransactionTimeoutMs: config.idleInTransactionTimeoutMs,
    applicationName: definition.name,
    logger,
  });
  const faults = new FaultInjector(config.faultInjectionEnabled);
  const metricsRegistry = createMetricsRegistry();
  const outbox = createParticipantOutbox({
    service: definition.name,
    config: config.outbox,
    database,
    databaseUrl: config.databaseUrl,
    statementTimeoutMs: config.statementTimeoutMs,
    registry: metricsRegistry,
    logger,
  });
  if (faults.enabled) logger.warn('Fault injection is enabled: PUT /admin/faults is open');

  /** Health, fault injection and idempotency around the service's own controllers. */
  @Module({
    controllers: [
      HealthController,
      ...(faults.enabled ? [FaultsController] : []),
      ...definition.controllers,
    ],
    providers: [
      { provide: Database, useValue: database },
      { provide: FaultInjector, useValue: faults },
      { provide: PARTICIPANT_LOGGER, useValue: logger },
      { provide: PARTICIPANT_METRICS, useValue: metricsRegistry },
      { provide: ParticipantOutbox, useFactory: () => outbox },
      IdempotentRequests,
      ...definition.providers,
    ],
  })
  class ServiceRootModule {}

  try {
    const running = await startHttpApp({
      module: ServiceRootModule,
      logger,
      port: config.port,
      host: config.host,
      metrics: { service: definition.name, registry: metricsRegistry },
      configure: (app) => {
        setupParticipantOpenApi(app, definition.name);
      },
    });
    return { url: running.url, close: () => running.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}
