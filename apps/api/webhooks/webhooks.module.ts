import { Module, type DynamicModule } from '@nestjs/common';
import { PaymentWebhookController } from './payment-webhook.controller.js';
import { PAYMENT_WEBHOOK_SECRET } from './webhook-secret.token.js';

/** POST /webhooks/payment. Needs an OrderGateway from a global module. */
@Module({})
export class WebhooksModule {
  static forRoot(paymentWebhookSecret: string): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: [PaymentWebhookController],
      providers: [{ provide: PAYMENT_WEBHOOK_SECRET, useValue: paymentWebhookSecret }],
    };
  }
}
