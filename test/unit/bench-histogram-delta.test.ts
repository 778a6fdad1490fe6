import { describe, expect, it } from '@jest/globals';
import { histogramDelta, quantileUpTo, shareUpTo } from '../../bench/histogram-delta.js';
import { latencyBetween } from '../../bench/worker-metrics.js';
import { startTimingsBetween } from '../../bench/server-timings.js';
import { parsePrometheusText } from '../../lib/metrics/index.js';

/** One server histogram of StartWorkflowExecution per service, in seconds, as Temporal writes it. */
function serverScrape(frontend: number[], history: number[]): string {
  const lines: string[] = [];
  const histogram = (service: string, counts: number[], sum: number) => {
    const labels = `operation="StartWorkflowExecution",service_name="${service}"`;
    ['0.01', '0.05', '0.1', '+Inf'].forEach((le, index) => {
      lines.push(`service_latency_bucket{${labels},le="${le}"} ${counts[index] ?? 0}`);
    });
    lines.push(`service_latency_sum{${labels}} ${sum}`);
    lines.push(`service_latency_count{${labels}} ${counts[3] ?? 0}`);
  };
  histogram('frontend', frontend.slice(0, 4), frontend[4] ?? 0);
  histogram('history', history.slice(0, 4), history[4] ?? 0);
  return lines.join('\n');
}

describe('the benchmark reads histograms between two scrapes', () => {
  const before = parsePrometheusText(serverScrape([10, 20, 20, 20, 0.4], [20, 20, 20, 20, 0.1]));

  it('counts only what was observed in between, in milliseconds', () => {
    // 100 more starts: 30 within 10 ms, 80 within 50 ms, 99 within 100 ms, one slower.
    const after = parsePrometheusText(
      serverScrape([40, 100, 119, 120, 3.4], [110, 120, 120, 120, 0.6]),
    );
    const frontend = histogramDelta(before, after, {
      name: 'service_latency',
      labels: { service_name: 'frontend' },
      unit: 'seconds',
    });
    expect(frontend).toEqual({
      count: 100,
      meanMs: 30,
      buckets: [
        { upToMs: 10, count: 30 },
        { upToMs: 50, count: 80 },
        { upToMs: 100, count: 99 },
        { upToMs: Infinity, count: 100 },
      ],
    });
    expect(frontend && shareUpTo(frontend, 50)).toBe(0.8);
    expect(frontend && quantileUpTo(frontend, 0.99)).toBe(100);
    expect(frontend && quantileUpTo(frontend, 0.995)).toBe(Infinity);
    expect(startTimingsBetween(before, after)).toEqual({
      calls: 100,
      meanMs: 30,
      historyMeanMs: 5,
      under50MsShare: 0.8,
      p99UpToMs: 100,
    });
  });

  it('tells that nothing was observed', () => {
    expect(startTimingsBetween(before, before)).toBeUndefined();
  });

  it('sums the worker’s histograms over the labels it does not name, in milliseconds', () => {
    const worker = (completions: number, sum: number) =>
      parsePrometheusText(
        [
          `temporal_request_latency_sum{operation="RespondWorkflowTaskCompleted",task_queue="a"} ${sum}`,
          `temporal_request_latency_count{operation="RespondWorkflowTaskCompleted",task_queue="a"} ${completions}`,
          `temporal_request_latency_sum{operation="RespondWorkflowTaskCompleted",task_queue="b"} ${sum}`,
          `temporal_request_latency_count{operation="RespondWorkflowTaskCompleted",task_queue="b"} ${completions}`,
          `temporal_request_latency_sum{operation="PollWorkflowTaskQueue",task_queue="a"} 900`,
          `temporal_request_latency_count{operation="PollWorkflowTaskQueue",task_queue="a"} ${completions}`,
        ].join('\n'),
      );
    expect(latencyBetween(worker(1, 2), worker(5, 12))).toEqual({
      'RespondWorkflowTaskCompleted (the call)': { count: 8, meanMs: 2.5 },
    });
  });
});
