import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import type { Logger } from '../../logging/index.js';
import { ZodValidationPipe } from '../../nest/index.js';
import { PARTICIPANT_LOGGER } from '../tokens.js';
import { FaultInjector } from './fault-injector.js';
import { faultSettings, type FaultSettings } from './fault-settings.js';

/** Registered only when FAULT_INJECTION_ENABLED is true; otherwise /admin/faults is a 404. */
@Controller('admin/faults')
export class FaultsController {
  constructor(
    private readonly faults: FaultInjector,
    @Inject(PARTICIPANT_LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  current(): FaultSettings {
    return this.faults.current;
  }

  @Put()
  configure(@Body(new ZodValidationPipe(faultSettings)) settings: FaultSettings): FaultSettings {
    this.faults.configure(settings);
    this.logger.warn({ faults: settings }, 'Fault injection configured');
    return this.faults.current;
  }
}
