// `npm run bench`: the checkout's throughput and latency against its ceiling, in one run on one
// Temporal dev server started as `npm start` starts it. Phases: the bare five-activity
// workflow (the ceiling), the checkout with in-memory participants (both with a worker in this
// process, taking turns in rounds), then the whole system through the API over HTTP and
// PostgreSQL, under load and one order at a time. `npm run bench -- --help` lists the flags;
// --smoke is a short run that checks the benchmark works and judges no figure.
import { loadavg } from 'node:os';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { projectRoot } from '../apps/launcher/project-paths.js';
import { parseBenchOptions } from './bench-options.js';
import { stopOnSignals } from './cleanup.js';
import { startDevServer } from './dev-server.js';
import { runFullStack } from './full-stack.js';
import type { PhaseResult } from './phase-result.js';
import { buildReport, printReport, writeReport } from './report.js';
import { planStack } from './stack-plan.js';
import { ceilingSetup, checkoutSetup, runWorkerPhases, type WorkerPhase } from './worker-phase.js';

const PHASE_TITLES: Record<string, string> = {
  ceiling: 'ceiling: five no-op activities',
  checkout: 'checkout with in-memory participants',
};

const options = parseBenchOptions(process.argv.slice(2), projectRoot());
Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
stopOnSignals();

const began = performance.now();
const loadAverageAtStart = loadavg()[0] ?? 0;
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(1)} s`;
const plan = await planStack();
const server = await startDevServer(plan, { untuned: options.untuned });
const phases: PhaseResult[] = [];
let launcherStartSeconds: number | undefined;
try {
  console.log(`dev server: ${server.args.join(' ')}`);
  const workerPhases: WorkerPhase[] = [];
  if (options.phases.includes('ceiling')) {
    workerPhases.push({ phase: 'ceiling', setup: await ceilingSetup() });
  }
  if (options.phases.includes('checkout')) {
    workerPhases.push({ phase: 'checkout', setup: checkoutSetup() });
  }
  phases.push(
    ...(await runWorkerPhases(server, workerPhases, options, (phase, round) => {
      console.log(
        `${elapsed()} ${PHASE_TITLES[phase] ?? phase}, round ${round + 1} of ${options.rounds}…`,
      );
    })),
  );
  if (options.phases.includes('full-stack')) {
    console.log(
      `${elapsed()} full stack: npm start’s launcher on this dev server, orders through the API…`,
    );
    const fullStack = await runFullStack(server, plan, options);
    launcherStartSeconds = fullStack.launcherStartSeconds;
    phases.push(fullStack.load, fullStack.singleOrder);
  }
} finally {
  await server.stop();
  await plan.remove();
}

const report = buildReport({
  options,
  loadAverageAtStart,
  devServer: { tuned: !options.untuned, args: server.args, removedTuning: server.removedTuning },
  launcherStartSeconds,
  phases,
});
console.log(`${elapsed()} done`);
printReport(report);
await writeReport(report, options.outputFile);

const incomplete = phases.filter((phase) => phase.completedOrders === 0);
if (incomplete.length > 0) {
  console.error(`No order completed in: ${incomplete.map(({ phase }) => phase).join(', ')}`);
  process.exitCode = 1;
}
