import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Response } from 'express';
import type { ParticipantsConfig } from '../../../lib/participant/participants-env.js';
import { OrderReadModel } from '../orders/order-read-model.js';
import { healthResultSchema } from './health-result.schema.js';
import { PARTICIPANTS_CONFIG } from './participants-config.token.js';
import { pingService } from './service-health.js';
import { WorkflowEngineProbe } from './workflow-engine-probe.js';

const TEMPORAL_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(WorkflowEngineProbe) private readonly engine: WorkflowEngineProbe,
    @Inject(PARTICIPANTS_CONFIG) private readonly participants: ParticipantsConfig,
    @Inject(OrderReadModel) private readonly readModel: OrderReadModel,
  ) {}

  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary:
      'Whether Temporal, the inventory, payment and shipping services and the order read model answer',
  })
  @ApiOkResponse({ description: 'All of them answer.', standardSchema: healthResultSchema })
  @ApiServiceUnavailableResponse({
    description: 'Some do not: `error` names them.',
    standardSchema: healthResultSchema,
  })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    const { inventoryUrl, paymentUrl, shippingUrl } = this.participants;
    try {
      return await this.health.check([
        () =>
          this.indicators
            .check('temporal')
            .attempt(({ signal }) => this.engine.ping(signal))
            .withTimeout(TEMPORAL_TIMEOUT_MS),
        () => this.service('inventory', inventoryUrl),
        () => this.service('payment', paymentUrl),
        () => this.service('shipping', shippingUrl),
        () =>
          this.indicators
            .check('readModel')
            .attempt(({ signal }) => this.readModel.ping(signal))
            .withTimeout(this.participants.timeoutMs),
      ]);
    } catch (error) {
      // Terminus reports a failed check as an exception; the body still carries every detail.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private service(key: string, baseUrl: string) {
    return this.indicators
      .check(key)
      .attempt(({ signal }) => pingService(baseUrl, signal))
      .withTimeout(this.participants.timeoutMs);
  }
}
