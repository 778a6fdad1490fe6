import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../lib/logging/index.js';
import {
  Database,
  PARTICIPANT_LOGGER,
  startParticipantService,
  type RunningParticipantService,
} from '../../lib/participant/index.js';
import { ChargesController } from './charges.controller.js';
import { ChargesService } from './charges.service.js';
import { PaymentLinks } from './payment-links.js';
import { loadPaymentConfig, type PaymentConfig } from './payment-env.js';
import { WebhookRelay } from './webhooks/webhook-relay.js';

export type PaymentServiceOptions = Partial<PaymentConfig> & { logger?: Logger };

/** Starts the payment service in this process; unset options take the environment's defaults. */
export async function startPaymentService(
  options: PaymentServiceOptions = {},
): Promise<RunningParticipantService> {
  const { logger: givenLogger, ...overrides } = options;
  const config: PaymentConfig = { ...loadPaymentConfig({}), ...overrides };
  const logger = givenLogger ?? createLogger('payment', config.logLevel);
  const links = new PaymentLinks(config.publicUrl);
  const { webhooks } = config;
  if (!webhooks) logger.warn('PAYMENT_WEBHOOK_URL is not set: charge events are not delivered');
  const running = await startParticipantService(
    {
      name: 'payment',
      migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
      controllers: [ChargesController],
      providers: [
        { provide: PaymentLinks, useValue: links },
        ChargesService,
        ...(webhooks
          ? [
              {
                provide: WebhookRelay,
                useFactory: (database: Database, log: Logger) =>
                  new WebhookRelay(database, webhooks, log),
                inject: [Database, PARTICIPANT_LOGGER],
              },
            ]
          : []),
      ],
    },
    config,
    logger,
  );
  links.useListeningUrlUnlessConfigured(running.url);
  return running;
}
