import { HTTP_REQUEST_DURATION_METRIC } from '../lib/metrics/index.js';

/** POST /orders as the API itself timed it (its handler, not the wait before it), by status. */
export interface ApiTimings {
  posts: Record<string, { count: number; meanMs: number; under50MsShare: number }>;
  /** The API's event-loop delay since it started (prom-client's monitor), in ms. */
  eventLoopLagMs: { p50: number; p99: number; max: number } | undefined;
}

const POST_ORDERS = new RegExp(
  `^${HTTP_REQUEST_DURATION_METRIC}_(bucket|sum|count)\\{([^}]*)\\} (\\S+)$`,
);

/**
 * Read from the API's /metrics right after the load: set against the times the clients saw, it
 * tells the handler's own time (mostly the call to Temporal) from the time a request waited for
 * the API's event loop or for a CPU.
 */
export async function scrapeApiTimings(apiUrl: string): Promise<ApiTimings | undefined> {
  const response = await fetch(`${apiUrl}/metrics`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const text = await response.text();
  const byStatus = new Map<string, { sum: number; count: number; under50: number }>();
  for (const line of text.split('\n')) {
    const match = POST_ORDERS.exec(line);
    if (!match) continue;
    const [, part, labels = '', value = '0'] = match;
    if (!labels.includes('method="POST"') || !labels.includes('route="/orders"')) continue;
    const status = /status_code="(\d+)"/.exec(labels)?.[1];
    if (status === undefined) continue;
    const entry = byStatus.get(status) ?? { sum: 0, count: 0, under50: 0 };
    if (part === 'sum') entry.sum = Number(value);
    else if (part === 'count') entry.count = Number(value);
    else if (labels.includes('le="0.05"')) entry.under50 = Number(value);
    byStatus.set(status, entry);
  }
  const gauge = (name: string) => {
    const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
    return value === undefined ? undefined : Math.round(Number(value) * 10_000) / 10;
  };
  const [p50, p99, max] = [
    gauge('nodejs_eventloop_lag_p50_seconds'),
    gauge('nodejs_eventloop_lag_p99_seconds'),
    gauge('nodejs_eventloop_lag_max_seconds'),
  ];
  return {
    posts: Object.fromEntries(
      [...byStatus]
        .filter(([, { count }]) => count > 0)
        .map(([status, { sum, count, under50 }]) => [
          status,
          {
            count,
            meanMs: Math.round((sum / count) * 10_000) / 10,
            under50MsShare: Math.round((under50 / count) * 1000) / 1000,
          },
        ]),
    ),
    eventLoopLagMs:
      p50 === undefined || p99 === undefined || max === undefined ? undefined : { p50, p99, max },
  };
}
