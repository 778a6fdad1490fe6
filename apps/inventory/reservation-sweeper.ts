import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Logger } from '../../lib/logging/index.js';
import { PARTICIPANT_LOGGER } from '../../lib/participant/index.js';
import { INVENTORY_SETTINGS, type InventorySettings } from './inventory-settings.js';
import { ReservationsService } from './reservations.service.js';

const BATCH_SIZE = 100;

/** Periodically releases the stock of holds that were neither confirmed nor released in time. */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly reservations: ReservationsService,
    @Inject(INVENTORY_SETTINGS) private readonly settings: InventorySettings,
    @Inject(PARTICIPANT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => {
        this.running = undefined;
      });
    }, this.settings.sweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      let expired = 0;
      let batch: number;
      do {
        batch = await this.reservations.expireOverdue(BATCH_SIZE);
        expired += batch;
      } while (batch === BATCH_SIZE);
      if (expired > 0) this.logger.info({ expired }, 'Released expired reservations');
    } catch (error) {
      this.logger.warn({ err: error }, 'Expiry sweep failed; retrying at the next interval');
    }
  }
}
