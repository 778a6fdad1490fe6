// How many checkouts a worker completes per second, how long one takes, and what the worker
// costs in memory: `npm run bench:checkout -- --orders 300 --concurrency 30`.
// Runs on a real Temporal dev server with in-memory participants, so the figures are those of
// the workflow, the saga and Temporal, without HTTP or PostgreSQL.
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { createInMemoryAdapters } from '../activities/adapters/in-memory/index.js';
import { resolveTemporalCli, toSdkExecutable } from '../lib/temporal-binaries/index.js';
import type { checkout } from '../workflows/index.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../workflows/checkout/search-attributes.js';
import { intArgument, mebibytes, percentiles, runConcurrently } from './stats.js';

const orders = intArgument('orders', 200);
const concurrency = intArgument('concurrency', 20);

Runtime.install({ logger: new DefaultLogger('ERROR') });
const cli = await resolveTemporalCli();
const env = await TestWorkflowEnvironment.createLocal({
  server: { executable: toSdkExecutable(cli), searchAttributes: [...ORDER_SEARCH_ATTRIBUTES] },
});
// The bundle `npm run build` wrote, as the production worker loads it.
const workflowBundle = {
  codePath: fileURLToPath(new URL('../workflow-bundle.js', import.meta.url)),
};
const taskQueue = `bench-${randomUUID()}`;
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue,
  workflowBundle,
  activities: createActivities(createInMemoryAdapters()),
});

const memoryBefore = process.memoryUsage();
const latencies: number[] = [];
let historyEvents = 0;
const started = performance.now();

await worker.runUntil(
  runConcurrently(orders, concurrency, async (index) => {
    const orderId = `bench-${index}-${randomUUID()}`;
    const begin = performance.now();
    const handle = await env.client.workflow.start<typeof checkout>('checkout', {
      taskQueue,
      workflowId: `order-${orderId}`,
      args: [
        {
          orderId,
          customerId: 'cus_bench',
          items: [{ sku: 'SKU-001', quantity: 1 }],
          paymentToken: 'tok_visa',
          shippingAddress: {
            name: 'Ada',
            line1: '1 Main St',
            city: 'Springfield',
            postalCode: '12345',
            country: 'US',
          },
        },
      ],
    });
    const state = await handle.result();
    if (state.status !== 'COMPLETED') throw new Error(`order ${orderId} ended ${state.status}`);
    latencies.push(performance.now() - begin);
    if (index === 0) historyEvents = (await handle.fetchHistory()).events?.length ?? 0;
  }),
);

const seconds = (performance.now() - started) / 1000;
const memoryAfter = process.memoryUsage();
const { p50, p95, p99, max } = percentiles(latencies);
await env.teardown();

console.log(`checkout throughput: ${orders} orders, ${concurrency} at a time, one worker`);
console.table({
  'orders per second': (orders / seconds).toFixed(1),
  'latency p50 (ms)': p50.toFixed(0),
  'latency p95 (ms)': p95.toFixed(0),
  'latency p99 (ms)': p99.toFixed(0),
  'latency max (ms)': max.toFixed(0),
  'history events per order': historyEvents,
  'worker RSS before → after': `${mebibytes(memoryBefore.rss)} → ${mebibytes(memoryAfter.rss)}`,
  'JS heap used before → after': `${mebibytes(memoryBefore.heapUsed)} → ${mebibytes(memoryAfter.heapUsed)}`,
});
