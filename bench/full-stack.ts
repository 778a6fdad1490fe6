import { setTimeout as sleep } from 'node:timers/promises';
import { customerToken } from './api-token.js';
import { scrapeApiTimings } from './api-timings.js';
import type { BenchDevServer } from './dev-server.js';
import { scrapeOrNone } from './histogram-delta.js';
import { historyBreakdown } from './history-breakdown.js';
import { startLauncher } from './launcher-process.js';
import { addAnswers, emptyLoad, startOrders, type StartedLoad } from './load.js';
import { BENCH_CUSTOMER, orderPoster } from './order-poster.js';
import { firstPublishMs, medianOrderTimeline } from './order-timeline.js';
import { phaseResult, type PhaseResult } from './phase-result.js';
import { sampleProcesses } from './process-usage.js';
import { startTimingsBetween } from './server-timings.js';
import { readModelFreshness } from './read-model-freshness.js';
import type { StackPlan } from './stack-plan.js';
import {
  describeWorkflows,
  listWorkflows,
  terminateRunning,
  waitForClose,
  waitUntilAllClosed,
} from './temporal-times.js';
import { latencyBetween } from './worker-metrics.js';
import type { LoadOptions } from './worker-phase.js';

const PAUSE_BETWEEN_SINGLE_ORDERS_MS = 100;
/** The processes of `npm start` whose memory and CPU the phases report. */
const MEASURED_PROCESSES = [
  'worker',
  'api',
  'inventory',
  'payment',
  'shipping',
  'read-model',
  'kafka',
];

export interface FullStackResults {
  launcherStartSeconds: number;
  load: PhaseResult;
  singleOrder: PhaseResult;
}

/**
 * `npm start`'s launcher with the benchmark's folder and ports, on the benchmark's dev server
 * (as an external Temporal), so every part runs as `npm start` runs it: orders go through the
 * API over HTTP, the worker calls the services, the services keep their data in PostgreSQL,
 * lifecycle events go through Kafka to the read model.
 */
export async function runFullStack(
  server: BenchDevServer,
  plan: StackPlan,
  options: LoadOptions & { singleOrders: number },
): Promise<FullStackResults> {
  // The dev server holds its two ports; the others were planned minutes ago.
  const replaced = await plan.replaceTakenPorts(['TEMPORAL_PORT', 'TEMPORAL_UI_PORT']);
  if (replaced.length > 0)
    console.log(`taken since the plan, given new ports: ${replaced.join(', ')}`);
  const launcher = await startLauncher(
    plan.launcherEnv({ TEMPORAL_ADDRESS: server.address }),
    plan.dataDir,
  );
  try {
    const token = await customerToken(plan.dataDir, BENCH_CUSTOMER);
    const post = orderPoster(`http://127.0.0.1:${plan.ports.API_PORT}`, token);
    const processes = { 'dev server': server.pid, ...pick(launcher.pids, MEASURED_PROCESSES) };
    const readModelPid = launcher.pids['read-model'];

    const deadline = Date.now() + options.timeoutSeconds * 1000;
    let sampler = sampleProcesses(processes);
    const serverBefore = await scrapeOrNone(server.metricsUrl);
    const load = await startOrders(options.orders, options.concurrency, deadline, post.order);
    const serverStarts = startTimingsBetween(serverBefore, await scrapeOrNone(server.metricsUrl));
    const allClosed = await waitUntilAllClosed(
      server.client,
      server.taskQueue,
      load.started,
      deadline,
    );
    const loadUsage = sampler.stop();
    const apiTimings = await scrapeApiTimings(`http://127.0.0.1:${plan.ports.API_PORT}`);
    const workflows = await listWorkflows(server.client, server.namespace, server.taskQueue);
    const loadResult: PhaseResult = {
      ...phaseResult({
        phase: 'full stack',
        requestedOrders: options.orders,
        concurrency: options.concurrency,
        load,
        allClosed,
        rounds: [workflows],
        processes: loadUsage,
        breakdown: await historyBreakdown(server.client, server.namespace, workflows, 10),
      }),
      readModelFreshness: await readModelFreshness(readModelPid, workflows),
      firstPublishMs: await firstPublishMs(server.client, server.namespace, workflows),
      apiTimings,
      serverStarts,
    };

    if (!allClosed) {
      const terminated = await terminateRunning(server.client, server.namespace, server.taskQueue);
      console.log(`terminated ${terminated} orders still running after the time limit`);
    }
    sampler = sampleProcesses(processes);
    const metricsUrl = `http://127.0.0.1:${plan.ports.WORKER_METRICS_PORT}/metrics`;
    const histogramsBefore = await scrapeOrNone(metricsUrl);
    const single = await singleOrders(server, post, options.singleOrders, options.timeoutSeconds);
    const workerLatency = latencyBetween(histogramsBefore, await scrapeOrNone(metricsUrl));
    const singleWorkflows = await describeWorkflows(
      server.client,
      server.namespace,
      single.workflowIds,
    );
    const singleResult: PhaseResult = {
      ...phaseResult({
        phase: 'full stack, one order at a time',
        requestedOrders: options.singleOrders,
        concurrency: 1,
        load: single.load,
        allClosed: !single.load.cutShort,
        rounds: [singleWorkflows],
        processes: sampler.stop(),
        breakdown: await historyBreakdown(
          server.client,
          server.namespace,
          singleWorkflows,
          singleWorkflows.length,
        ),
      }),
      readModelFreshness: await readModelFreshness(readModelPid, singleWorkflows),
      workerLatency,
      medianOrderTimeline: await medianOrderTimeline(
        server.client,
        server.namespace,
        singleWorkflows,
      ),
    };
    return {
      launcherStartSeconds: Math.round(launcher.startSeconds * 10) / 10,
      load: loadResult,
      singleOrder: singleResult,
    };
  } finally {
    await launcher.stop();
  }
}

/** One order after the other, each waited for until its workflow closes. */
async function singleOrders(
  server: BenchDevServer,
  post: ReturnType<typeof orderPoster>,
  orders: number,
  timeoutSeconds: number,
): Promise<{ load: StartedLoad; workflowIds: string[] }> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const workflowIds: string[] = [];
  const load = emptyLoad();
  for (let index = 0; index < orders; index += 1) {
    if (Date.now() > deadline) {
      load.cutShort = true;
      break;
    }
    const placed = await post.place(index);
    load.started += 1;
    addAnswers(load, placed.answersMs);
    workflowIds.push(placed.workflowId);
    if (!(await waitForClose(server.connection, server.namespace, placed.workflowId, deadline))) {
      load.cutShort = true;
      break;
    }
    await sleep(PAUSE_BETWEEN_SINGLE_ORDERS_MS);
  }
  return { load, workflowIds };
}

function pick(pids: Record<string, number>, names: string[]): Record<string, number> {
  return Object.fromEntries(
    names.flatMap((name) => (pids[name] === undefined ? [] : [[name, pids[name]]])),
  );
}
