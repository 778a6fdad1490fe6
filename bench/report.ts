import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import type { BenchOptions } from './bench-options.js';
import { STARTED } from './load.js';
import type { OrderTimeline } from './order-timeline.js';
import type { PhaseResult } from './phase-result.js';

export interface BenchReport {
  measuredAt: string;
  /** Load averages (1 minute) when the run began and ended: the machine is shared. */
  machine: { cpus: number; node: string; loadAverage: { start: number; end: number } };
  options: BenchOptions;
  devServer: { tuned: boolean; args: string[]; removedTuning: string[] };
  launcherStartSeconds: number | undefined;
  phases: PhaseResult[];
  ratios: { checkoutToCeiling: number | undefined; fullStackToCeiling: number | undefined };
  targets: TargetCheck[];
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

const ratio = (part: PhaseResult | undefined, whole: PhaseResult | undefined) =>
  part && whole && whole.ordersPerSecond > 0
    ? Math.round((part.ordersPerSecond / whole.ordersPerSecond) * 100) / 100
    : undefined;

/** The issue's targets, checked against this run (for reading; nothing fails on them). */
function targetChecks(
  phase: (name: string) => PhaseResult | undefined,
  checkoutToCeiling: number | undefined,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const single = phase('full stack, one order at a time');
  const full = phase('full stack');
  if (single) {
    checks.push({
      target: 'one order alone, full stack: saga p50 < 150 ms',
      measured: `${single.sagaLatencyMs.p50} ms`,
      met: single.completedOrders > 0 && single.sagaLatencyMs.p50 < 150,
    });
  }
  if (full) {
    checks.push(
      {
        target: 'full stack: ≥ 12 completed orders/s',
        measured: `${full.ordersPerSecond}/s`,
        met: full.ordersPerSecond >= 12,
      },
      {
        target: `full stack: POST p99 < 50 ms at ${full.concurrency} clients`,
        measured: `${full.startLatencyMs.p99} ms`,
        met: full.startedOrders > 0 && full.startLatencyMs.p99 < 50,
      },
    );
  }
  if (checkoutToCeiling !== undefined) {
    checks.push({
      target: 'checkout ≥ 0.85 of the ceiling',
      measured: String(checkoutToCeiling),
      met: checkoutToCeiling >= 0.85,
    });
  }
  return checks;
}

export function buildReport(input: {
  options: BenchOptions;
  loadAverageAtStart: number;
  devServer: BenchReport['devServer'];
  launcherStartSeconds: number | undefined;
  phases: PhaseResult[];
}): BenchReport {
  const { options } = input;
  const phase = (name: string) => input.phases.find((candidate) => candidate.phase === name);
  const checkoutToCeiling = ratio(phase('checkout'), phase('ceiling'));
  return {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      node: process.version,
      loadAverage: { start: input.loadAverageAtStart, end: loadavg()[0] ?? 0 },
    },
    options,
    devServer: input.devServer,
    launcherStartSeconds: input.launcherStartSeconds,
    phases: input.phases,
    ratios: {
      checkoutToCeiling,
      fullStackToCeiling: ratio(phase('full stack'), phase('ceiling')),
    },
    targets: targetChecks(phase, checkoutToCeiling),
  };
}

const range = ({ p50, p95, p99 }: PhaseResult['sagaLatencyMs']) =>
  `${p50.toFixed(0)} / ${p95.toFixed(0)} / ${p99.toFixed(0)}`;

export function printReport(report: BenchReport): void {
  const { options } = report;
  console.log(
    `\ncheckout-saga bench: ${options.orders} orders per phase (ceiling and checkout in ${options.rounds} rounds), ${options.concurrency} clients, ` +
      `${options.singleOrders} single orders; dev server ${report.devServer.tuned ? 'as npm start runs it' : `without ${report.devServer.removedTuning.join(' ')}`}` +
      ` (${report.machine.cpus} CPUs, load average ${report.machine.loadAverage.start.toFixed(1)} → ` +
      `${report.machine.loadAverage.end.toFixed(1)}, Node ${report.machine.node})`,
  );
  console.table(
    Object.fromEntries(
      report.phases.map((phase) => [
        phase.phase,
        {
          'orders/s': phase.ordersPerSecond,
          'completed/started': `${phase.completedOrders}/${phase.startedOrders}${phase.timedOut ? ' (time limit)' : ''}`,
          'saga p50/p95/p99 ms': range(phase.sagaLatencyMs),
          'start or POST p50/p95/p99 ms': range(phase.startLatencyMs),
          'events/order': phase.historyEventsPerOrder,
        },
      ]),
    ),
  );
  for (const phase of report.phases) {
    const figures = Object.entries(phase.processes).map(
      ([name, { peakRssMiB, cpuMsPerOrder }]) =>
        `${name} ${peakRssMiB.toFixed(0)} MiB, ${cpuMsPerOrder} ms`,
    );
    console.log(`${phase.phase}: peak RSS, CPU per order: ${figures.join('; ')}`);
  }
  for (const phase of report.phases) {
    const answers = Object.entries(phase.answers).filter(([answer]) => answer !== STARTED);
    if (answers.length === 0) continue;
    const counted = answers.map(
      ([status, { count, p50Ms, p99Ms, over50Ms }]) =>
        `${status} ×${count} (p50 ${p50Ms.toFixed(0)} ms, p99 ${p99Ms.toFixed(0)} ms, ` +
        `${over50Ms} over 50 ms)`,
    );
    const total = answers.reduce((sum, [, { count }]) => sum + count, 0);
    const over = answers.reduce((sum, [, { over50Ms }]) => sum + over50Ms, 0);
    const share = total === 0 ? 0 : (over / total) * 100;
    console.log(
      `${phase.phase}: POST /orders answers: ${counted.join('; ')}; ` +
        `${share.toFixed(1)} % of all over 50 ms`,
    );
  }
  for (const phase of report.phases) {
    const timings = phase.apiTimings;
    if (timings === undefined) continue;
    const posts = Object.entries(timings.posts).map(
      ([status, { count, meanMs, under50MsShare }]) =>
        `${status} ×${count} (mean ${meanMs.toFixed(1)} ms, ${(under50MsShare * 100).toFixed(1)} % under 50 ms)`,
    );
    const lag = timings.eventLoopLagMs;
    console.log(
      `${phase.phase}: POST /orders inside the API: ${posts.join('; ')}` +
        (lag === undefined
          ? ''
          : `; its event loop's delay p50 ${lag.p50} ms, p99 ${lag.p99} ms, max ${lag.max} ms`),
    );
  }
  for (const phase of report.phases) {
    const starts = phase.serverStarts;
    if (starts === undefined) continue;
    const under50 =
      starts.under50MsShare === undefined
        ? ''
        : `, ${(starts.under50MsShare * 100).toFixed(1)} % within 50 ms`;
    console.log(
      `${phase.phase}: StartWorkflowExecution inside the Temporal server (a 202's wait): ` +
        `${starts.calls} calls, mean ${starts.meanMs} ms` +
        (starts.historyMeanMs === undefined
          ? ''
          : ` (history service ${starts.historyMeanMs} ms)`) +
        `${under50}, p99 ≤ ${starts.p99UpToMs} ms`,
    );
  }
  for (const phase of report.phases) {
    if (phase.firstPublishMs === undefined) continue;
    console.log(
      `${phase.phase}: the worker's first publishOrderEvent (its Kafka producer cold) ran ` +
        `${phase.firstPublishMs} ms (for a local publish, the run of the workflow task that held it)`,
    );
  }
  for (const phase of report.phases) {
    const freshness = phase.readModelFreshness;
    if (!freshness) continue;
    const { p50, p99, max } = freshness.afterCloseMs;
    console.log(
      `${phase.phase}: read model lists the order final ${p50} ms (p50) / ${p99} ms (p99) / ` +
        `${max} ms (max) after the workflow closes (${freshness.orders} orders` +
        `${freshness.missing > 0 ? `, ${freshness.missing} not final 10 s after the phase` : ''})`,
    );
  }
  console.log(
    `checkout/ceiling ${report.ratios.checkoutToCeiling ?? 'n/a'}, ` +
      `full stack/ceiling ${report.ratios.fullStackToCeiling ?? 'n/a'}`,
  );
  if (options.smoke) console.log('smoke run: too few orders for the figures to mean anything');
  for (const check of report.targets) {
    console.log(`${check.met ? 'met    ' : 'missed '} ${check.target}: ${check.measured}`);
  }
  for (const phase of report.phases) {
    const breakdown = phase.breakdown;
    if (!breakdown) continue;
    console.log(
      `\nwhere the time goes, ${phase.phase} (${breakdown.sampledOrders} orders, ms per order; ` +
        `total ${breakdown.totalMs}, not covered ${breakdown.uncoveredMs}):`,
    );
    console.table(breakdown.segmentsMs);
  }
  for (const phase of report.phases) {
    if (!phase.workerLatency || Object.keys(phase.workerLatency).length === 0) continue;
    console.log(`\nthe worker's own view, ${phase.phase} (SDK histograms, mean ms):`);
    console.table(phase.workerLatency);
  }
  for (const phase of report.phases) {
    if (phase.medianOrderTimeline) printTimeline(phase.phase, phase.medianOrderTimeline);
  }
}

function printTimeline(phase: string, timeline: OrderTimeline): void {
  console.log(
    `
the median order of ${phase}, step by step (${timeline.workflowId}, ` +
      `${timeline.totalMs} ms start to close; ms since the start, waited = scheduled → started, ` +
      'ran = started → completed):',
  );
  const ms = (value: number | undefined) => (value === undefined ? '' : value.toFixed(1));
  console.table(
    timeline.steps.map(({ what, atMs, waitedMs, ranMs, endMs }) => ({
      step: what,
      at: ms(atMs),
      waited: ms(waitedMs),
      ran: ms(ranMs),
      'ends at': ms(endMs),
    })),
  );
}

export async function writeReport(report: BenchReport, file: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}
