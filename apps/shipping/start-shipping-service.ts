import { fileURLToPath } from 'node:url';
import type { Logger } from '../../lib/logging/index.js';
import {
  startParticipantService,
  type RunningParticipantService,
} from '../../lib/participant/index.js';
import { loadShippingConfig, type ShippingConfig } from './shipping-env.js';
import { ShipmentsController } from './shipments.controller.js';
import { ShipmentsService } from './shipments.service.js';

export type ShippingServiceOptions = Partial<ShippingConfig> & { logger?: Logger };

/** Starts the shipping service in this process; unset options take the environment's defaults. */
export function startShippingService(
  options: ShippingServiceOptions = {},
): Promise<RunningParticipantService> {
  const { logger, ...overrides } = options;
  return startParticipantService(
    {
      name: 'shipping',
      migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
      controllers: [ShipmentsController],
      providers: [ShipmentsService],
    },
    { ...loadShippingConfig({}), ...overrides },
    logger,
  );
}
