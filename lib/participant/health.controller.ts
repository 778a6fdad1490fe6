import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Database } from './database.js';

export interface HealthReport {
  status: 'UP' | 'DOWN';
  database: 'UP' | 'DOWN';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: Database) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get()
  @ApiResponse({ status: 200, description: 'The database answers.' })
  @ApiResponse({ status: 503, description: 'The database does not answer.' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const up = await this.database.isReachable();
    response.status(up ? 200 : 503);
    return up ? { status: 'UP', database: 'UP' } : { status: 'DOWN', database: 'DOWN' };
  }
}
