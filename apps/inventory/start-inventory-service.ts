import { fileURLToPath } from 'node:url';
import type { Logger } from '../../lib/logging/index.js';
import {
  startParticipantService,
  type RunningParticipantService,
} from '../../lib/participant/index.js';
import { loadInventoryConfig, type InventoryConfig } from './inventory-env.js';
import { INVENTORY_SETTINGS, type InventorySettings } from './inventory-settings.js';
import { ProductsController } from './products.controller.js';
import { ReservationSweeper } from './reservation-sweeper.js';
import { ReservationsController } from './reservations.controller.js';
import { ReservationsService } from './reservations.service.js';

export type InventoryServiceOptions = Partial<InventoryConfig> & { logger?: Logger };

/** Starts the inventory service in this process; unset options take the environment's defaults. */
export function startInventoryService(
  options: InventoryServiceOptions = {},
): Promise<RunningParticipantService> {
  const { logger, ...overrides } = options;
  const config: InventoryConfig = { ...loadInventoryConfig({}), ...overrides };
  return startParticipantService(
    {
      name: 'inventory',
      migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
      controllers: [ProductsController, ReservationsController],
      providers: [
        { provide: INVENTORY_SETTINGS, useValue: config satisfies InventorySettings },
        ReservationsService,
        ReservationSweeper,
      ],
    },
    config,
    logger,
  );
}
