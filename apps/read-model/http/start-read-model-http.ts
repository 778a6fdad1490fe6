import { Module, type Provider } from '@nestjs/common';
import type { Logger } from '../../../lib/logging/index.js';
import type { Registry } from '../../../lib/metrics/index.js';
import { startHttpApp, type RunningHttpApp } from '../../../lib/nest/index.js';
import { Database } from '../../../lib/participant/index.js';
import { PROJECTION_STATE, type ProjectionState } from '../projection/projection-state.js';
import { HealthController } from './health.controller.js';
import { OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';

export const READ_MODEL_SERVICE = 'order-read-model';

export interface ReadModelHttpOptions {
  database: Database;
  projection: ProjectionState;
  registry: Registry;
  logger: Logger;
  port: number;
  host: string;
  /** More providers, e.g. one whose shutdown hook stops the consumer. */
  providers?: Provider[];
}

/** Serves the projection: the order lists and events, health and metrics. */
export function startReadModelHttp(options: ReadModelHttpOptions): Promise<RunningHttpApp> {
  @Module({
    controllers: [OrdersController, HealthController],
    providers: [
      { provide: Database, useValue: options.database },
      { provide: PROJECTION_STATE, useValue: options.projection },
      { provide: OrdersRepository, useValue: new OrdersRepository(options.database) },
      ...(options.providers ?? []),
    ],
  })
  class ReadModelModule {}

  return startHttpApp({
    module: ReadModelModule,
    logger: options.logger,
    port: options.port,
    host: options.host,
    metrics: { service: READ_MODEL_SERVICE, registry: options.registry },
  });
}
