import { samplesOf, scrape, sumOf, type Sample } from '../lib/metrics/index.js';

/** A process's /metrics now; none when it does not answer (the benchmark reports without them). */
export function scrapeOrNone(metricsUrl: string): Promise<Sample[]> {
  return scrape(metricsUrl).catch(() => []);
}

/** What a Prometheus histogram recorded between two scrapes, in milliseconds. */
export interface HistogramDelta {
  count: number;
  meanMs: number;
  /** Cumulative counts: how many took at most `upToMs` (the bucket's `le`). */
  buckets: { upToMs: number; count: number }[];
}

/** The unit a histogram records in: Temporal's server uses seconds, the SDK's worker milliseconds. */
export type HistogramUnit = 'seconds' | 'milliseconds';

/**
 * The observations of histogram `name` whose labels include `labels`, summed over the other
 * labels, made between `before` and `after`; undefined when there were none.
 */
export function histogramDelta(
  before: Sample[],
  after: Sample[],
  {
    name,
    labels = {},
    unit,
  }: { name: string; labels?: Record<string, string>; unit: HistogramUnit },
): HistogramDelta | undefined {
  const toMs = unit === 'seconds' ? 1000 : 1;
  const added = (suffix: string, extra: Record<string, string> = {}) =>
    sumOf(after, `${name}${suffix}`, { ...labels, ...extra }) -
    sumOf(before, `${name}${suffix}`, { ...labels, ...extra });
  const count = added('_count');
  if (count <= 0) return undefined;
  const bounds = [
    ...new Set(samplesOf(after, `${name}_bucket`, labels).map((sample) => sample.labels.le ?? '')),
  ];
  const buckets = bounds
    .map((le) => ({
      upToMs: (le === '+Inf' ? Infinity : Number(le)) * toMs,
      count: added('_bucket', { le }),
    }))
    .filter(({ upToMs }) => !Number.isNaN(upToMs))
    .sort((a, b) => a.upToMs - b.upToMs);
  return { count, meanMs: round((added('_sum') / count) * toMs), buckets };
}

/** The share (0 to 1) that took at most `ms`, when `ms` is one of the bucket bounds. */
export function shareUpTo(histogram: HistogramDelta, ms: number): number | undefined {
  const bucket = histogram.buckets.find(({ upToMs }) => upToMs === ms);
  return bucket === undefined ? undefined : round(bucket.count / histogram.count, 3);
}

/** The bound of the first bucket holding at least `quantile` of the observations. */
export function quantileUpTo(histogram: HistogramDelta, quantile: number): number {
  const needed = quantile * histogram.count;
  return histogram.buckets.find(({ count }) => count >= needed)?.upToMs ?? Infinity;
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
