import { fileURLToPath } from 'node:url';
import type { Logger } from '../../lib/logging/index.js';
import {
  startParticipantService,
  type RunningParticipantService,
} from '../../lib/participant/index.js';
import { ChargesController } from './charges.controller.js';
import { ChargesService } from './charges.service.js';
import { loadPaymentConfig, type PaymentConfig } from './payment-env.js';

export type PaymentServiceOptions = Partial<PaymentConfig> & { logger?: Logger };

/** Starts the payment service in this process; unset options take the environment's defaults. */
export function startPaymentService(
  options: PaymentServiceOptions = {},
): Promise<RunningParticipantService> {
  const { logger, ...overrides } = options;
  return startParticipantService(
    {
      name: 'payment',
      migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
      controllers: [ChargesController],
      providers: [ChargesService],
    },
    { ...loadPaymentConfig({}), ...overrides },
    logger,
  );
}
