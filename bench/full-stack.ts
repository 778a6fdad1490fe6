import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { customerToken } from './api-token.js';
import type { BenchDevServer } from './dev-server.js';
import { historyBreakdown } from './history-breakdown.js';
import { startLauncher } from './launcher-process.js';
import { startOrders, type StartOrder, type StartedLoad } from './load.js';
import { phaseResult, type PhaseResult } from './phase-result.js';
import { sampleProcesses } from './process-usage.js';
import type { StackPlan } from './stack-plan.js';
import {
  describeWorkflows,
  listWorkflows,
  terminateRunning,
  waitForClose,
  waitUntilAllClosed,
} from './temporal-times.js';
import type { LoadOptions } from './worker-phase.js';

const CUSTOMER = 'cus_bench';
/** Catalog SKUs of the PostgreSQL inventory with stock for ten thousand orders or more. */
const SKUS = ['SKU-001', 'SKU-002', 'SKU-003', 'SKU-004'];
const PAUSE_BETWEEN_SINGLE_ORDERS_MS = 100;

export interface FullStackResults {
  launcherStartSeconds: number;
  load: PhaseResult;
  singleOrder: PhaseResult;
}

/**
 * `npm start`'s launcher with the benchmark's folder and ports, on the benchmark's dev server
 * (as an external Temporal), so every part runs as `npm start` runs it: orders go through the
 * API over HTTP, the worker calls the services, the services keep their data in PostgreSQL.
 */
export async function runFullStack(
  server: BenchDevServer,
  plan: StackPlan,
  options: LoadOptions & { singleOrders: number },
): Promise<FullStackResults> {
  const launcher = await startLauncher(
    plan.launcherEnv({ TEMPORAL_ADDRESS: server.address }),
    plan.dataDir,
  );
  try {
    const token = await customerToken(plan.dataDir, CUSTOMER);
    const post = poster(`http://127.0.0.1:${plan.ports.API_PORT}`, token);
    const processes = {
      'dev server': server.pid,
      ...pick(launcher.pids, ['worker', 'api', 'inventory', 'payment', 'shipping']),
    };

    const deadline = Date.now() + options.timeoutSeconds * 1000;
    let sampler = sampleProcesses(processes);
    const load = await startOrders(options.orders, options.concurrency, deadline, post.order);
    const allClosed = await waitUntilAllClosed(
      server.client,
      server.taskQueue,
      load.started,
      deadline,
    );
    const loadUsage = sampler.stop();
    const workflows = await listWorkflows(server.client, server.namespace, server.taskQueue);
    const loadResult = phaseResult({
      phase: 'full stack',
      requestedOrders: options.orders,
      concurrency: options.concurrency,
      load,
      allClosed,
      workflows,
      processes: loadUsage,
      breakdown: await historyBreakdown(server.client, server.namespace, workflows, 10),
    });

    if (!allClosed) {
      const terminated = await terminateRunning(server.client, server.namespace, server.taskQueue);
      console.log(`terminated ${terminated} orders still running after the time limit`);
    }
    sampler = sampleProcesses(processes);
    const single = await singleOrders(server, post, options.singleOrders, options.timeoutSeconds);
    const singleWorkflows = await describeWorkflows(
      server.client,
      server.namespace,
      single.workflowIds,
    );
    const singleResult = phaseResult({
      phase: 'full stack, one order at a time',
      requestedOrders: options.singleOrders,
      concurrency: 1,
      load: single.load,
      allClosed: !single.load.cutShort,
      workflows: singleWorkflows,
      processes: sampler.stop(),
      breakdown: await historyBreakdown(
        server.client,
        server.namespace,
        singleWorkflows,
        singleWorkflows.length,
      ),
    });
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
  post: ReturnType<typeof poster>,
  orders: number,
  timeoutSeconds: number,
): Promise<{ load: StartedLoad; workflowIds: string[] }> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const workflowIds: string[] = [];
  const load: StartedLoad = { started: 0, requestLatenciesMs: [], throttled: 0, cutShort: false };
  for (let index = 0; index < orders; index += 1) {
    if (Date.now() > deadline) {
      load.cutShort = true;
      break;
    }
    const placed = await post.place(index);
    load.started += 1;
    load.requestLatenciesMs.push(...placed.requestLatenciesMs);
    load.throttled += placed.throttled;
    workflowIds.push(placed.workflowId);
    if (!(await waitForClose(server.connection, server.namespace, placed.workflowId, deadline))) {
      load.cutShort = true;
      break;
    }
    await sleep(PAUSE_BETWEEN_SINGLE_ORDERS_MS);
  }
  return { load, workflowIds };
}

/** POST /orders as a customer would, retrying after a 429 as its Retry-After says. */
function poster(apiUrl: string, token: string) {
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  };
  const place = async (index: number) => {
    const body = JSON.stringify({
      customerId: CUSTOMER,
      items: [{ sku: SKUS[index % SKUS.length], quantity: 1 }],
      paymentToken: 'tok_visa',
      shippingAddress: {
        name: 'Ada',
        line1: '1 Main St',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    });
    const idempotencyKey = randomUUID();
    const requestLatenciesMs: number[] = [];
    let throttled = 0;
    for (;;) {
      const begin = performance.now();
      const response = await fetch(`${apiUrl}/orders`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': idempotencyKey },
        body,
      });
      const text = await response.text();
      requestLatenciesMs.push(performance.now() - begin);
      if (response.status === 429) {
        throttled += 1;
        const retryAfter = Number(response.headers.get('retry-after') ?? '1');
        await sleep(Math.max(0.05, Number.isFinite(retryAfter) ? retryAfter : 1) * 1000);
        continue;
      }
      if (!response.ok) throw new Error(`POST /orders answered ${response.status}: ${text}`);
      const { orderId } = JSON.parse(text) as { orderId: string };
      return { workflowId: `order-${orderId}`, requestLatenciesMs, throttled };
    }
  };
  const order: StartOrder = async (index) => {
    const { requestLatenciesMs, throttled } = await place(index);
    return { requestLatenciesMs, throttled };
  };
  return { place, order };
}

function pick(pids: Record<string, number>, names: string[]): Record<string, number> {
  return Object.fromEntries(
    names.flatMap((name) => (pids[name] === undefined ? [] : [[name, pids[name]]])),
  );
}
