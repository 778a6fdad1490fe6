import { createLogger } from '../../lib/logging/index.js';
import { createMetricsRegistry } from '../../lib/metrics/index.js';
import { startHttpApp } from '../../lib/nest/index.js';
import type { ApiConfig } from './api-env.js';
import { createApiModule } from './api.module.js';
import { orderLogProps } from './logging/order-correlation.js';
import { setupOpenApi } from './openapi/setup-openapi.js';

export interface RunningApi {
  /** Base URL, e.g. http://localhost:3000 */
  url: string;
  /** Stops listening and closes the Temporal connection. */
  close(): Promise<void>;
}

/** Starts the API, logging as `api` at config.logLevel; `port: 0` picks a free port. */
export async function startApi(config: ApiConfig): Promise<RunningApi> {
  const registry = createMetricsRegistry();
  const app = await startHttpApp({
    module: createApiModule(config, registry),
    logger: createLogger('api', config.logLevel),
    port: config.port,
    host: config.host,
    requestLogProps: orderLogProps,
    metrics: { service: 'checkout-api', registry },
    // The payment webhook's signature covers the exact bytes sent.
    rawBody: true,
    configure: setupOpenApi,
  });
  return { url: app.url, close: () => app.close() };
}
