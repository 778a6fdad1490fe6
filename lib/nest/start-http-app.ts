import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { pinoHttp, type Options as PinoHttpOptions } from 'pino-http';
import { logRequestOrder, type Logger } from '../logging/index.js';
import {
  createMetricsRegistry,
  recordHttpRequestDurations,
  serveMetrics,
  type Registry,
} from '../metrics/index.js';
import { PinoNestLogger } from './pino-nest-logger.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { MAX_BODY_BYTES, requireJsonBody } from './request-body.js';
import { requestIdOf } from './request-id.js';
import { requireSafeText } from './request-text.js';

export interface HttpAppOptions {
  /** Root module of the app. */
  module: Type;
  logger: Logger;
  /** 0 picks a free port (tests). */
  port: number;
  /** Interface to listen on; tests pass '127.0.0.1'. @default '0.0.0.0' */
  host?: string;
  /** Keep each request's raw body as `request.rawBody` (to verify a signature over it). */
  rawBody?: boolean;
  /** Extra fields for each request's log line, such as a correlation id. */
  requestLogProps?: PinoHttpOptions['customProps'];
  /**
   * Serve GET /metrics and time every request into http_server_request_duration_seconds under
   * this service name; `registry` (one is created when absent) may hold the process's own metrics.
   */
  metrics?: { service: string; registry?: Registry };
  /** Last chance to configure the app before it listens (Swagger and the like). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

export interface RunningHttpApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Creates a Nest HTTP app the same way for every process: JSON logs with a request id,
 * JSON-only bodies of at most 16 KiB, no control characters or unpaired surrogates anywhere in a
 * request, problem+json errors (405 for a known path's undeclared method), shutdown hooks,
 * then listens.
 */
export async function startHttpApp(options: HttpAppOptions): Promise<RunningHttpApp> {
  const { logger } = options;
  const app = await NestFactory.create<NestExpressApplication>(options.module, {
    logger: new PinoNestLogger(logger),
    bufferLogs: true,
    bodyParser: false,
    rawBody: options.rawBody ?? false,
  });
  app.disable('x-powered-by');
  if (options.metrics) {
    const registry = options.metrics.registry ?? createMetricsRegistry();
    app.use(recordHttpRequestDurations({ registry, service: options.metrics.service }));
    // Ahead of the request log, so that Prometheus's scrapes do not fill the logs.
    app.getHttpAdapter().getInstance().get('/metrics', serveMetrics(registry));
  }
  app.use(
    pinoHttp({
      logger,
      genReqId: (request, response) => {
        const requestId = requestIdOf(request.headers['x-request-id']);
        response.setHeader('x-request-id', requestId);
        return requestId;
      },
      customProps: options.requestLogProps,
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: request.url,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      autoLogging: { ignore: (request) => request.url === '/health' },
    }),
  );
  app.use(requireJsonBody);
  app.useBodyParser('json', {
    limit: MAX_BODY_BYTES,
    type: ['application/json', 'application/*+json'],
  });
  app.use(requireSafeText);
  // After the body parser: a request's order may be named by its body.
  app.use(logRequestOrder);
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.enableShutdownHooks();
  await options.configure?.(app);
  await app.listen(options.port, options.host ?? '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host === '0.0.0.0' || !options.host ? 'localhost' : options.host}:${port}`;
  logger.info({ url }, 'Listening');
  return { app, url, close: () => app.close() };
}
