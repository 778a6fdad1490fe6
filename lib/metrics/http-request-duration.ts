import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram, type Registry } from 'prom-client';

export const HTTP_REQUEST_DURATION_METRIC = 'http_server_request_duration_seconds';

/** Seconds; fine enough below 50 ms to resolve the api's POST /orders target. */
export const HTTP_REQUEST_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** The route label of a request no route matched (a 404, or a 405 for an undeclared method). */
export const UNMATCHED_ROUTE = 'unmatched';

type DurationLabel = 'service' | 'method' | 'route' | 'status_code';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Express middleware timing every request from its arrival to the end of its response into
 * `http_server_request_duration_seconds{service,method,route,status_code}`. `route` is the
 * matched route's template (`/charges/:chargeId/refund`), never the raw path, so no id becomes a
 * label; a request the client abandons before the response ends is not counted.
 */
export function recordHttpRequestDurations(options: {
  registry: Registry;
  service: string;
}): RequestHandler {
  const histogram = new Histogram<DurationLabel>({
    name: HTTP_REQUEST_DURATION_METRIC,
    help: 'Time from the arrival of an HTTP request to the end of its response, in seconds.',
    labelNames: ['service', 'method', 'route', 'status_code'],
    buckets: HTTP_REQUEST_DURATION_BUCKETS,
    registers: [options.registry],
  });
  return (request: Request, response: Response, next: NextFunction) => {
    const startedAt = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      histogram.observe(
        {
          service: options.service,
          method: KNOWN_METHODS.has(request.method) ? request.method : 'OTHER',
          route: routeTemplate(request),
          status_code: String(response.statusCode),
        },
        seconds,
      );
    });
    next();
  };
}

/** The template of the route Express matched, e.g. `/orders/:orderId`. */
function routeTemplate(request: Request): string {
  const path: unknown = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${request.baseUrl}${path}` || '/';
}
