import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Database } from '../../../lib/participant/index.js';
import { PROJECTION_STATE, type ProjectionState } from '../projection/projection-state.js';

export interface ReadModelHealth {
  status: 'UP' | 'DOWN';
  database: 'UP' | 'DOWN';
  /** DOWN once the consumer has stopped for good; reads then go stale. */
  consumer: 'UP' | 'DOWN';
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly database: Database,
    @Inject(PROJECTION_STATE) private readonly projection: ProjectionState,
  ) {}

  /** 200 when the database answers and the consumer runs, 503 otherwise. */
  @Get()
  async check(@Res({ passthrough: true }) response: Response): Promise<ReadModelHealth> {
    const database = (await this.database.isReachable()) ? 'UP' : 'DOWN';
    const consumer = this.projection.consuming() ? 'UP' : 'DOWN';
    const up = database === 'UP' && consumer === 'UP';
    response.status(up ? 200 : 503);
    return { status: up ? 'UP' : 'DOWN', database, consumer };
  }
}
