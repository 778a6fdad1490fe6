import { Module, type Type } from '@nestjs/common';
import type { ApiConfig } from './api-env.js';
import { HealthModule } from './health/health.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { TemporalModule } from './temporal/temporal.module.js';

/** The API's root module for one configuration (a fresh class each call: one per app). */
export function createApiModule(config: ApiConfig): Type {
  @Module({
    imports: [
      TemporalModule.forRoot(config.temporal, config.payloadEncryptionKeys),
      OrdersModule,
      HealthModule.forRoot(config.participants),
    ],
  })
  class ApiModule {}
  return ApiModule;
}
