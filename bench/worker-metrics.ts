import { samplesOf, type Sample } from '../lib/metrics/index.js';
import { histogramDelta } from './histogram-delta.js';

/**
 * The SDK's own latency histograms from the worker's Prometheus endpoint (WORKER_METRICS_PORT),
 * in milliseconds. Read before and after a pass, they split a workflow task's run, as the
 * history shows it, into the worker's activation and the completion's round trip to the server.
 */
export interface WorkerLatency {
  count: number;
  meanMs: number;
}

/** Each measured histogram's label sets, with the name the report gives it. */
const MEASURED: { metric: string; label?: string; named: (value: string) => string | undefined }[] =
  [
    {
      metric: 'temporal_workflow_task_execution_latency',
      named: () => 'workflow task: the worker runs the activation',
    },
    {
      metric: 'temporal_request_latency',
      label: 'operation',
      named: (operation) =>
        operation.startsWith('Respond') ? `${operation} (the call)` : undefined,
    },
    {
      metric: 'temporal_activity_execution_latency',
      label: 'activity_type',
      named: (activityType) => `activity ${activityType}: runs in the worker`,
    },
  ];

/** What happened between two scrapes: how many, and their mean in ms. */
export function latencyBetween(before: Sample[], after: Sample[]): Record<string, WorkerLatency> {
  const latencies: Record<string, WorkerLatency> = {};
  for (const { metric, label, named } of MEASURED) {
    const values =
      label === undefined
        ? ['']
        : [...new Set(samplesOf(after, `${metric}_count`).map((s) => s.labels[label] ?? ''))];
    for (const value of values) {
      const name = named(value);
      if (name === undefined) continue;
      const labels = label === undefined ? {} : { [label]: value };
      const delta = histogramDelta(before, after, { name: metric, labels, unit: 'milliseconds' });
      if (delta !== undefined) latencies[name] = { count: delta.count, meanMs: delta.meanMs };
    }
  }
  return latencies;
}
