import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { TemporalPinoLogger, type Logger } from '../../lib/logging/index.js';
import type { WorkerConfig } from './worker-env.js';

/** The process-wide SDK runtime: logs into pino, metrics for Prometheus. Call once, first. */
export function installRuntime(config: WorkerConfig, logger: Logger): void {
  Runtime.install({
    logger: new TemporalPinoLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(config.metricsPort > 0
        ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.metricsPort}` } } }
        : {}),
    },
  });
}
