import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { createEventProducer } from '../../kafka/index.js';
import type { Logger } from '../../logging/index.js';
import type { Sql } from '../database.js';
import { registerBacklogGauge } from './backlog-gauge.js';
import type { OutboxConfig } from './outbox-env.js';
import { OutboxRelay } from './outbox-relay.js';

export interface ParticipantOutboxOptions {
  /** inventory, payment or shipping: the gauge's `service` label and the default client id. */
  service: string;
  config: OutboxConfig;
  database: Sql;
  databaseUrl: string;
  statementTimeoutMs: number;
  registry: Registry;
  logger: Logger;
}

/**
 * The service's outbox: the backlog gauge, and the relay to Kafka when a broker is configured.
 * Nest starts the relay once the app is up and stops it (after its batch in flight) on shutdown,
 * before the database pool closes.
 */
export class ParticipantOutbox implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly relay: OutboxRelay | undefined) {}

  onApplicationBootstrap(): void {
    this.relay?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
}

export function createParticipantOutbox(options: ParticipantOutboxOptions): ParticipantOutbox {
  const { service, config, logger } = options;
  registerBacklogGauge({ registry: options.registry, service, database: options.database, logger });
  const { kafka } = config;
  if (kafka === undefined) {
    logger.warn(
      'KAFKA_BOOTSTRAP_SERVERS is not set: domain events stay in the outbox, unpublished',
    );
    return new ParticipantOutbox(undefined);
  }
  const producer = createEventProducer({
    bootstrapServers: kafka.bootstrapServers,
    clientId: kafka.clientId ?? service,
  });
  logger.info({ bootstrapServers: kafka.bootstrapServers }, 'Publishing domain events to Kafka');
  return new ParticipantOutbox(
    new OutboxRelay({
      databaseUrl: options.databaseUrl,
      producer,
      pollIntervalMs: config.pollIntervalMs,
      retentionMs: config.retentionMs,
      statementTimeoutMs: options.statementTimeoutMs,
      logger,
    }),
  );
}
