import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from '../../lib/metrics/index.js';
import type { BatchOutcome } from './projection/projection-store.js';

export const CONSUMER_LAG_METRIC = 'read_model_consumer_lag_messages';
export const EVENTS_APPLIED_METRIC = 'read_model_events_applied_total';
export const EVENT_DELAY_METRIC = 'read_model_event_delay_seconds';

/** A scrape waits this long for the broker's offsets at most, then reports the last value. */
const LAG_READ_TIMEOUT_MS = 2000;

export interface ReadModelMetrics {
  recordBatch(outcome: BatchOutcome, appliedAt: Date): void;
}

/**
 * The read model's own series: the consumer's lag (read from the broker on each scrape), the
 * events applied, skipped as duplicates or rejected, and how long after its time an event lands.
 */
export function registerReadModelMetrics(
  registry: Registry,
  readLag: () => Promise<number>,
): ReadModelMetrics {
  let lastLag = 0;
  new Gauge({
    name: CONSUMER_LAG_METRIC,
    help: 'Messages on the topics that the read model has not applied yet (sum over partitions).',
    registers: [registry],
    async collect() {
      lastLag = await withTimeout(readLag(), LAG_READ_TIMEOUT_MS).catch(() => lastLag);
      this.set(lastLag);
    },
  });
  const applied = new Counter<'type'>({
    name: EVENTS_APPLIED_METRIC,
    help: 'Events applied to the projection, by CloudEvents type.',
    labelNames: ['type'],
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'read_model_events_duplicate_total',
    help: 'Events skipped because they had been applied before (redeliveries).',
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'read_model_events_rejected_total',
    help: 'Messages that are not a valid event; kept in rejected_events, never applied.',
    registers: [registry],
  });
  const delay = new Histogram({
    name: EVENT_DELAY_METRIC,
    help: "Time from an event's time to its commit in the projection, in seconds.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    recordBatch(outcome, appliedAt) {
      for (const event of outcome.applied) {
        applied.inc({ type: event.type });
        const seconds = (appliedAt.getTime() - new Date(event.time).getTime()) / 1000;
        if (Number.isFinite(seconds)) delay.observe(Math.max(0, seconds));
      }
      duplicates.inc(outcome.duplicates);
      rejected.inc(outcome.rejected);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
    });
  });
}
