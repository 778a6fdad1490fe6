import type { ApiTimings } from './api-timings.js';
import type { Breakdown } from './history-breakdown.js';
import type { StartedLoad } from './load.js';
import type { OrderTimeline } from './order-timeline.js';
import type { ProcessFigures } from './process-usage.js';
import type { ReadModelFreshness } from './read-model-freshness.js';
import type { ServerStartTimings } from './server-timings.js';
import type { WorkerLatency } from './worker-metrics.js';
import { percentiles } from './stats.js';
import { roundsPerSecond, sagaMs, succeeded, type ClosedWorkflow } from './temporal-times.js';

export interface LatencyFigures {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PhaseResult {
  phase: string;
  requestedOrders: number;
  concurrency: number;
  startedOrders: number;
  completedOrders: number;
  /** Workflows that ended otherwise (an order FAILED or CANCELLED, a workflow failure). */
  otherOutcomes: Record<string, number>;
  /** The time limit stopped the phase before every order had started or closed. */
  timedOut: boolean;
  ordersPerSecond: number;
  /** Start to close of each completed workflow, by Temporal's clock. */
  sagaLatencyMs: LatencyFigures;
  /** How long starting one took, as the client saw it (the POST for the full stack). */
  startLatencyMs: LatencyFigures;
  /**
   * The requests by answer (HTTP status for the full stack: 201 priced, 202 accepted before the
   * reservation settled, 429 refused by admission control and retried; `started` for a
   * `workflow.start()`): how many, their latency as the client saw it, and how many of them took
   * over 50 ms (the POST target's bound).
   */
  answers: Record<string, { count: number; p50Ms: number; p99Ms: number; over50Ms: number }>;
  /** Requests answered 429 (over an admission limit), each retried after its Retry-After. */
  throttledRequests: number;
  historyEventsPerOrder: number;
  /** Memory and CPU of the processes that ran the phase, by name. */
  processes: Record<string, ProcessFigures & { cpuMsPerOrder: number }>;
  breakdown: Breakdown | undefined;
  /** Full stack: how long after the workflow's close the read model listed the order final. */
  readModelFreshness?: ReadModelFreshness | undefined;
  /** Full stack: the run time of the worker's first lifecycle event publish (cold producer). */
  firstPublishMs?: number | undefined;
  /** Full stack: POST /orders as the API timed it, and its event-loop delay. */
  apiTimings?: ApiTimings | undefined;
  /** Full stack: the workflow starts behind the POSTs, as the Temporal server timed them. */
  serverStarts?: ServerStartTimings | undefined;
  /** One order alone: the SDK's latency histograms of the worker, means over the pass. */
  workerLatency?: Record<string, WorkerLatency> | undefined;
  /** One order alone: the history of the median one, step by step. */
  medianOrderTimeline?: OrderTimeline | undefined;
}

const rounded = (figures: LatencyFigures): LatencyFigures => ({
  p50: Math.round(figures.p50 * 10) / 10,
  p95: Math.round(figures.p95 * 10) / 10,
  p99: Math.round(figures.p99 * 10) / 10,
  max: Math.round(figures.max * 10) / 10,
});

export function phaseResult(input: {
  phase: string;
  requestedOrders: number;
  concurrency: number;
  load: StartedLoad;
  allClosed: boolean;
  /** The workflows of each round the phase ran in (one, unless it took turns with another). */
  rounds: ClosedWorkflow[][];
  processes: Record<string, ProcessFigures>;
  breakdown: Breakdown | undefined;
}): PhaseResult {
  const { load } = input;
  const workflows = input.rounds.flat();
  const completed = workflows.filter(succeeded);
  const otherOutcomes: Record<string, number> = {};
  for (const workflow of workflows.filter((candidate) => !succeeded(candidate))) {
    const outcome = workflow.orderStatus ?? workflow.status;
    otherOutcomes[outcome] = (otherOutcomes[outcome] ?? 0) + 1;
  }
  const lengths = completed.map(({ historyLength }) => historyLength);
  return {
    phase: input.phase,
    requestedOrders: input.requestedOrders,
    concurrency: input.concurrency,
    startedOrders: load.started,
    completedOrders: completed.length,
    otherOutcomes,
    timedOut: load.cutShort || !input.allClosed,
    ordersPerSecond: Math.round(roundsPerSecond(input.rounds) * 100) / 100,
    sagaLatencyMs: rounded(percentiles(completed.flatMap((workflow) => sagaMs(workflow) ?? []))),
    startLatencyMs: rounded(percentiles(Object.values(load.answersMs).flat())),
    answers: Object.fromEntries(
      Object.entries(load.answersMs).map(([answer, latencies]) => {
        const { p50, p99 } = rounded(percentiles(latencies));
        const over50Ms = latencies.filter((ms) => ms > 50).length;
        return [answer, { count: latencies.length, p50Ms: p50, p99Ms: p99, over50Ms }];
      }),
    ),
    throttledRequests: load.answersMs['429']?.length ?? 0,
    historyEventsPerOrder:
      lengths.length === 0
        ? 0
        : Math.round((lengths.reduce((sum, length) => sum + length, 0) / lengths.length) * 10) / 10,
    processes: Object.fromEntries(
      Object.entries(input.processes).map(([name, figures]) => [
        name,
        {
          ...figures,
          cpuMsPerOrder:
            completed.length === 0 ? 0 : Math.round((figures.cpuSeconds * 1000) / completed.length),
        },
      ]),
    ),
    breakdown: input.breakdown,
  };
}
