import { HTTP_REQUEST_DURATION_METRIC, samplesOf, sumOf } from '../lib/metrics/index.js';
import { scrapeOrNone } from './histogram-delta.js';

/** POST /orders as the API itself timed it (its handler, not the wait before it), by status. */
export interface ApiTimings {
  posts: Record<string, { count: number; meanMs: number; under50MsShare: number }>;
  /** The API's event-loop delay since it started (prom-client's monitor), in ms. */
  eventLoopLagMs: { p50: number; p99: number; max: number } | undefined;
}

/**
 * Read from the API's /metrics right after the load: set against the times the clients saw, it
 * tells the handler's own time (mostly the call to Temporal) from the time a request waited for
 * the API's event loop or for a CPU.
 */
export async function scrapeApiTimings(apiUrl: string): Promise<ApiTimings | undefined> {
  const samples = await scrapeOrNone(`${apiUrl}/metrics`);
  if (samples.length === 0) return undefined;
  const postOrders = { method: 'POST', route: '/orders' };
  const statuses = new Set(
    samplesOf(samples, `${HTTP_REQUEST_DURATION_METRIC}_count`, postOrders).flatMap(
      ({ labels, value }) => (value > 0 && labels.status_code ? [labels.status_code] : []),
    ),
  );
  const posts = [...statuses].map((status) => {
    const labels = { ...postOrders, status_code: status };
    const count = sumOf(samples, `${HTTP_REQUEST_DURATION_METRIC}_count`, labels);
    const sum = sumOf(samples, `${HTTP_REQUEST_DURATION_METRIC}_sum`, labels);
    const under50 = sumOf(samples, `${HTTP_REQUEST_DURATION_METRIC}_bucket`, {
      ...labels,
      le: '0.05',
    });
    return [
      status,
      {
        count,
        meanMs: Math.round((sum / count) * 10_000) / 10,
        under50MsShare: Math.round((under50 / count) * 1000) / 1000,
      },
    ] as const;
  });
  const lagMs = (quantile: string) => {
    const value = samplesOf(samples, `nodejs_eventloop_lag_${quantile}_seconds`)[0]?.value;
    return value === undefined ? undefined : Math.round(value * 10_000) / 10;
  };
  const [p50, p99, max] = [lagMs('p50'), lagMs('p99'), lagMs('max')];
  return {
    posts: Object.fromEntries(posts),
    eventLoopLagMs:
      p50 === undefined || p99 === undefined || max === undefined ? undefined : { p50, p99, max },
  };
}
