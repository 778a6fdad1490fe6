import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { Logger } from '../logging/index.js';
import { Database } from './database.js';
import { FaultInjector } from './faults/fault-injector.js';
import { FaultsController } from './faults/faults.controller.js';
import { HealthController } from './health.controller.js';
import { IdempotentRequests } from './idempotency/idempotent-requests.js';
import { PARTICIPANT_LOGGER } from './tokens.js';

export interface ParticipantModuleOptions {
  database: Database;
  faults: FaultInjector;
  logger: Logger;
  /** The service's own controllers and providers. */
  controllers: Type[];
  providers: Provider[];
}

/** Health, fault injection and idempotency around a service's own controllers. */
@Module({})
export class ParticipantModule {
  static register(options: ParticipantModuleOptions): DynamicModule {
    return {
      module: ParticipantModule,
      controllers: [
        HealthController,
        ...(options.faults.enabled ? [FaultsController] : []),
        ...options.controllers,
      ],
      providers: [
        { provide: Database, useValue: options.database },
        { provide: FaultInjector, useValue: options.faults },
        { provide: PARTICIPANT_LOGGER, useValue: options.logger },
        IdempotentRequests,
        ...options.providers,
      ],
    };
  }
}
