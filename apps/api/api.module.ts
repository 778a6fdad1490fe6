import { Module, type Type } from '@nestjs/common';
import type { ApiConfig } from './api-env.js';
import { AuthModule } from './auth/auth.module.js';
import { CodecModule } from './codec/codec.module.js';
import { HealthModule } from './health/health.module.js';
import { OrdersModule } from './orders/orders.module.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** The API's root module for one configuration (a fresh class each call: one per app). */
export function createApiModule(config: ApiConfig): Type {
  @Module({
    imports: [
      TemporalModule.forRoot(config.temporal, config.payloadEncryptionKeys, config.checkoutPolicy),
      AuthModule.forRoot(config.auth),
      OrdersModule,
      WebhooksModule.forRoot(config.paymentWebhookSecret),
      HealthModule.forRoot(config.participants),
      CodecModule.forRoot(config.payloadEncryptionKeys, config.codec),
    ],
  })
  class ApiModule {}
  return ApiModule;
}
