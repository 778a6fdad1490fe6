import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { WorkflowStartOptions } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { createInMemoryAdapters } from '../activities/adapters/in-memory/index.js';
import type { CheckoutInput } from '../workflows/checkout/order.js';
import { CUSTOMER_ID, ORDER_STATUS } from '../workflows/checkout/search-attributes.js';
import { ceilingActivities } from './ceiling-activities.js';
import type { BenchDevServer } from './dev-server.js';
import { historyBreakdown } from './history-breakdown.js';
import { addAnswers, emptyLoad, STARTED, startOrders, type StartedLoad } from './load.js';
import { phaseResult, type PhaseResult } from './phase-result.js';
import { sampleProcesses, type ProcessFigures } from './process-usage.js';
import { listWorkflows, waitUntilAllClosed, type ClosedWorkflow } from './temporal-times.js';
import { BENCH_SHIPPING_ADDRESS } from './sample-address.js';

export interface LoadOptions {
  orders: number;
  concurrency: number;
  timeoutSeconds: number;
}

type WorkerSetup = Pick<WorkerOptions, 'workflowBundle' | 'activities'> & {
  workflowType: string;
  /** How the phase's `index`th order is started. */
  order: (
    index: number,
  ) => Pick<WorkflowStartOptions, 'workflowId' | 'args' | 'typedSearchAttributes'>;
};

/** In-memory SKUs with stock for a thousand orders each. */
const IN_MEMORY_SKUS = ['SKU-001', 'SKU-002'];

export function checkoutInput(orderId: string, sku: string): CheckoutInput {
  return {
    orderId,
    customerId: 'cus_bench',
    items: [{ sku, quantity: 1 }],
    paymentToken: 'tok_visa',
    shippingAddress: BENCH_SHIPPING_ADDRESS,
  };
}

/** The ceiling: five no-op activities, bundled from bench/workflows on its own. */
export async function ceilingSetup(): Promise<WorkerSetup> {
  const workflowsPath = fileURLToPath(new URL('./workflows/five-activities.js', import.meta.url));
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  return {
    workflowBundle: { code },
    activities: ceilingActivities,
    workflowType: 'fiveActivities',
    order: (index) => ({ workflowId: `ceiling-${index}-${randomUUID()}`, args: [] }),
  };
}

/** The checkout of the worker's own bundle (`npm run build`), with in-memory participants. */
export function checkoutSetup(): WorkerSetup {
  return {
    workflowBundle: {
      codePath: fileURLToPath(new URL('../workflow-bundle.js', import.meta.url)),
    },
    activities: createActivities(createInMemoryAdapters()),
    workflowType: 'checkout',
    order: (index) => {
      const orderId = `bench-${index}-${randomUUID()}`;
      const sku = IN_MEMORY_SKUS[index % IN_MEMORY_SKUS.length] ?? 'SKU-001';
      const input = checkoutInput(orderId, sku);
      return {
        workflowId: `order-${orderId}`,
        args: [input],
        // As the API starts an order, so that the workflow has no search attribute to add.
        typedSearchAttributes: [
          { key: CUSTOMER_ID, value: input.customerId },
          { key: ORDER_STATUS, value: 'PENDING' },
        ],
      };
    },
  };
}

/** One round of a phase: what its worker ran and what that cost. */
interface WorkerRound {
  load: StartedLoad;
  allClosed: boolean;
  workflows: ClosedWorkflow[];
  processes: Record<string, ProcessFigures>;
}

/** A phase that runs with a worker in this process: its name and how to run its workflows. */
export interface WorkerPhase {
  phase: string;
  setup: WorkerSetup;
}

/**
 * The phases take turns, in `rounds` rounds with an equal share of the orders each, the order of
 * the phases reversed every other round: the machine's load, which drifts over a minute on a
 * shared machine, then weighs on every phase alike, as does the dev server's growing database.
 */
export async function runWorkerPhases(
  server: BenchDevServer,
  phases: WorkerPhase[],
  options: LoadOptions & { rounds: number },
  onRound?: (phase: string, round: number) => void,
): Promise<PhaseResult[]> {
  const runs = new Map<string, WorkerRound[]>(phases.map(({ phase }) => [phase, []]));
  const ordersPerRound = Math.ceil(options.orders / options.rounds);
  for (let round = 0; round < options.rounds; round += 1) {
    const turn = round % 2 === 0 ? phases : [...phases].reverse();
    for (const { phase, setup } of turn) {
      onRound?.(phase, round);
      runs
        .get(phase)
        ?.push(await runWorkerRound(phase, server, setup, { ...options, orders: ordersPerRound }));
    }
  }
  return Promise.all(
    phases.map(async ({ phase }) => {
      const rounds = runs.get(phase) ?? [];
      const last = rounds.at(-1);
      const lastWorkflows = last?.workflows ?? [];
      return phaseResult({
        phase,
        requestedOrders: ordersPerRound * rounds.length,
        concurrency: options.concurrency,
        load: mergedLoad(rounds.map(({ load }) => load)),
        allClosed: rounds.every(({ allClosed }) => allClosed),
        rounds: rounds.map(({ workflows }) => workflows),
        processes: summedUsage(rounds.map(({ processes }) => processes)),
        breakdown: await historyBreakdown(server.client, server.namespace, lastWorkflows, 10),
      });
    }),
  );
}

/**
 * One worker in this process on a task queue of the round's own, on the benchmark's dev server;
 * clients in this process start the workflows. Its RSS is the worker's plus the clients'.
 */
async function runWorkerRound(
  phase: string,
  server: BenchDevServer,
  setup: WorkerSetup,
  { orders, concurrency, timeoutSeconds }: LoadOptions,
): Promise<WorkerRound> {
  const taskQueue = `bench-${phase}-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: server.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: server.namespace,
      taskQueue,
      workflowBundle: setup.workflowBundle,
      activities: setup.activities,
    });
    const deadline = Date.now() + timeoutSeconds * 1000;
    const sampler = sampleProcesses({
      'dev server': server.pid,
      'worker (bench process)': process.pid,
    });
    const { load, allClosed } = await worker.runUntil(async () => {
      const load = await startOrders(orders, concurrency, deadline, async (index) => {
        const begin = performance.now();
        await server.client.workflow.start(setup.workflowType, {
          taskQueue,
          ...setup.order(index),
        });
        return { [STARTED]: [performance.now() - begin] };
      });
      const allClosed = await waitUntilAllClosed(server.client, taskQueue, load.started, deadline);
      return { load, allClosed };
    });
    const processes = sampler.stop();
    const workflows = await listWorkflows(server.client, server.namespace, taskQueue);
    return { load, allClosed, workflows, processes };
  } finally {
    await connection.close();
  }
}

function mergedLoad(loads: StartedLoad[]): StartedLoad {
  const merged = emptyLoad();
  for (const load of loads) {
    merged.started += load.started;
    merged.cutShort ||= load.cutShort;
    addAnswers(merged, load.answersMs);
  }
  return merged;
}

/** CPU added up over the rounds; the highest peak RSS of any, the last round's end RSS. */
function summedUsage(usages: Record<string, ProcessFigures>[]): Record<string, ProcessFigures> {
  const summed: Record<string, ProcessFigures> = {};
  for (const usage of usages) {
    for (const [name, figures] of Object.entries(usage)) {
      const sofar = summed[name];
      summed[name] =
        sofar === undefined
          ? { ...figures }
          : {
              peakRssMiB: Math.max(sofar.peakRssMiB, figures.peakRssMiB),
              endRssMiB: figures.endRssMiB,
              cpuSeconds: Math.round((sofar.cpuSeconds + figures.cpuSeconds) * 10) / 10,
            };
    }
  }
  return summed;
}
