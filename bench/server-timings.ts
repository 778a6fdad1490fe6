import type { Sample } from '../lib/metrics/index.js';
import { histogramDelta, quantileUpTo, shareUpTo } from './histogram-delta.js';

/**
 * StartWorkflowExecution as the Temporal server timed it (its `service_latency` histogram), from
 * the call's arrival at the frontend to its answer: the part of a 202 the API can only wait for.
 */
export interface ServerStartTimings {
  calls: number;
  meanMs: number;
  /** The history service's part: the workflow's creation, written to the database. */
  historyMeanMs: number | undefined;
  /** The share answered within 50 ms. */
  under50MsShare: number | undefined;
  /** The 99th percentile lies at or under this bucket bound. */
  p99UpToMs: number;
}

/** The workflow starts the server answered between two scrapes. */
export function startTimingsBetween(
  before: Sample[],
  after: Sample[],
): ServerStartTimings | undefined {
  const operation = 'StartWorkflowExecution';
  const timed = (service: string) =>
    histogramDelta(before, after, {
      name: 'service_latency',
      labels: { operation, service_name: service },
      unit: 'seconds',
    });
  const frontend = timed('frontend');
  if (frontend === undefined) return undefined;
  return {
    calls: frontend.count,
    meanMs: frontend.meanMs,
    historyMeanMs: timed('history')?.meanMs,
    under50MsShare: shareUpTo(frontend, 50),
    p99UpToMs: quantileUpTo(frontend, 0.99),
  };
}
