/**
 * The SDK's own latency histograms from the worker's Prometheus endpoint (WORKER_METRICS_PORT),
 * in milliseconds. Read before and after a pass, they split a workflow task's run, as the
 * history shows it, into the worker's activation and the completion's round trip to the server.
 */
const MEASURED: Record<string, (labels: string) => string | undefined> = {
  temporal_workflow_task_execution_latency: () => 'workflow task: the worker runs the activation',
  temporal_request_latency: (labels) => {
    const operation = /operation="([^"]+)"/.exec(labels)?.[1];
    return operation?.startsWith('Respond') ? `${operation} (the call)` : undefined;
  },
  temporal_activity_execution_latency: (labels) =>
    `activity ${/activity_type="([^"]+)"/.exec(labels)?.[1] ?? '?'}: runs in the worker`,
};

type Histograms = Map<string, { sum: number; count: number }>;

export interface WorkerLatency {
  count: number;
  meanMs: number;
}

export async function scrapeWorkerHistograms(metricsUrl: string): Promise<Histograms> {
  const histograms: Histograms = new Map();
  const response = await fetch(metricsUrl).catch(() => undefined);
  if (!response?.ok) return histograms;
  for (const line of (await response.text()).split('\n')) {
    const match = /^(\w+)_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const [, metric = '', part, labels = '', value = '0'] = match;
    const name = MEASURED[metric]?.(labels);
    if (name === undefined) continue;
    const entry = histograms.get(name) ?? { sum: 0, count: 0 };
    if (part === 'sum') entry.sum += Number(value);
    else entry.count += Number(value);
    histograms.set(name, entry);
  }
  return histograms;
}

/** What happened between two scrapes: how many, and their mean in ms. */
export function latencyBetween(
  before: Histograms,
  after: Histograms,
): Record<string, WorkerLatency> {
  return Object.fromEntries(
    [...after].flatMap(([name, { sum, count }]) => {
      const earlier = before.get(name) ?? { sum: 0, count: 0 };
      const added = count - earlier.count;
      if (added <= 0) return [];
      return [
        [name, { count: added, meanMs: Math.round(((sum - earlier.sum) / added) * 10) / 10 }],
      ];
    }),
  );
}
