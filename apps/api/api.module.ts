import { Module, type Type } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { AdmissionModule } from './admission/admission.module.js';
import type { ApiConfig } from './api-env.js';
import { AuthModule } from './auth/auth.module.js';
import { CodecModule } from './codec/codec.module.js';
import { HealthModule } from './health/health.module.js';
import { DEFAULT_ORDER_INTAKE } from './orders/order-intake-env.js';
import { OrdersModule } from './orders/orders.module.js';
import { DEFAULT_READ_MODEL } from './read-model/read-model-env.js';
import { ReadModelModule } from './read-model/read-model.module.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/**
 * The API's root module for one configuration (a fresh class each call: one per app); its own
 * metrics go into `registry`.
 */
export function createApiModule(config: ApiConfig, registry?: Registry): Type {
  const orderIntake = config.orderIntake ?? DEFAULT_ORDER_INTAKE;
  @Module({
    imports: [
      TemporalModule.forRoot(
        config.temporal,
        config.payloadEncryptionKeys,
        config.checkoutPolicy,
        orderIntake.acceptWaitMs,
        orderIntake.acceptWait,
        registry,
      ),
      ReadModelModule.forRoot(config.readModel ?? DEFAULT_READ_MODEL),
      AdmissionModule.forRoot(orderIntake.admission, registry),
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
