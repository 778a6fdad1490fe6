import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Database } from './database.js';

export interface HealthReport {
  status: 'UP' | 'DOWN';
  database: 'UP' | 'DOWN';
}

@Controller('health')
export class HealthController {
  constructor(private readonly database: Database) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get()
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const up = await this.database.isReachable();
    response.status(up ? 200 : 503);
    return up ? { status: 'UP', database: 'UP' } : { status: 'DOWN', database: 'DOWN' };
  }
}
