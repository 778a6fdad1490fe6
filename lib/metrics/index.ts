export {
  HTTP_REQUEST_DURATION_BUCKETS,
  HTTP_REQUEST_DURATION_METRIC,
  recordHttpRequestDurations,
  UNMATCHED_ROUTE,
} from './http-request-duration.js';
export { serveMetrics } from './metrics-endpoint.js';
export { createMetricsRegistry } from './registry.js';
export type { Registry } from 'prom-client';
export { parsePrometheusText, samplesOf, scrape, sumOf, type Sample } from './prometheus-text.js';
