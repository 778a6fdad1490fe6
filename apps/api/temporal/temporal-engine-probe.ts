import { Inject, Injectable } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import type { TemporalConfig } from '../../../lib/temporal/index.js';
import { WorkflowEngineProbe } from '../health/workflow-engine-probe.js';
import { TEMPORAL_CONFIG } from './temporal-config.token.js';

/** Asks the frontend for its system info: the cheapest call that proves it answers. */
@Injectable()
export class TemporalEngineProbe extends WorkflowEngineProbe {
  constructor(
    @Inject(Connection) private readonly connection: Connection,
    @Inject(TEMPORAL_CONFIG) private readonly config: TemporalConfig,
  ) {
    super();
  }

  async ping(signal: AbortSignal): Promise<Record<string, unknown>> {
    const info = await this.connection.withAbortSignal(signal, () =>
      this.connection.workflowService.getSystemInfo({}),
    );
    return { namespace: this.config.namespace, serverVersion: info.serverVersion };
  }
}
