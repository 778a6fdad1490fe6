import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { TemporalPinoLogger, type Logger } from '../../lib/logging/index.js';
import type { WorkerConfig } from './worker-env.js';

/**
 * Buckets, in seconds, for the checkout's histograms: the SDK's default buckets suit milliseconds,
 * so without these every order and step would land in the first bucket and no quantile would work.
 */
const CHECKOUT_HISTOGRAM_BUCKETS: Record<string, number[]> = {
  checkout_order_duration_seconds: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  checkout_step_duration_seconds: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
};

/** The process-wide SDK runtime: logs into pino, metrics for Prometheus. Call once, first. */
export function installRuntime(config: WorkerConfig, logger: Logger): void {
  Runtime.install({
    logger: new TemporalPinoLogger(logger),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(config.metricsPort > 0
        ? {
            metrics: {
              prometheus: {
                bindAddress: `0.0.0.0:${config.metricsPort}`,
                histogramBucketOverrides: CHECKOUT_HISTOGRAM_BUCKETS,
              },
            },
          }
        : {}),
    },
  });
}
