import type { Request, RequestHandler, Response } from 'express';
import type { Registry } from 'prom-client';

/** Express handler answering the registry's metrics in the Prometheus text format. */
export function serveMetrics(registry: Registry): RequestHandler {
  return (_request: Request, response: Response) => {
    registry.metrics().then(
      (body) => {
        response.setHeader('content-type', registry.contentType);
        response.setHeader('cache-control', 'no-store');
        response.end(body);
      },
      (error: unknown) => {
        response.statusCode = 500;
        response.setHeader('content-type', 'text/plain; charset=utf-8');
        response.end(`Could not collect the metrics: ${String(error)}\n`);
      },
    );
  };
}
