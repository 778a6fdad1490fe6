import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { findFreePort } from '../../lib/embedded-postgres/index.js';
import { generatePayloadEncryptionKey } from '../../lib/payload-codec/index.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { createDevServerEnvironment } from '../support/temporal-env.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** An inventory service whose reservations take `delayMs` to answer. */
async function slowInventory(delayMs: number) {
  const events: string[] = [];
  const server: Server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    events.push('reservation received');
    setTimeout(() => {
      events.push('reservation answered');
      response.writeHead(201, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          reservationId: 'res_1',
          lines: [{ sku: 'SKU-001', quantity: 1, unitPrice: 24900 }],
          total: { amount: 24900, currency: 'USD' },
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        }),
      );
    }, delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, events, close: () => server.close() };
}

/** The worker as production runs it: the built entry point and the prebuilt bundle. */
function startWorkerProcess(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
} {
  let output = '';
  const child = spawn(process.execPath, ['dist/apps/worker/main.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      WORKFLOW_BUNDLE_PATH: 'dist/workflow-bundle.js',
      PAYLOAD_ENCRYPTION_KEYS: generatePayloadEncryptionKey('k1'),
      // The broker the global setup started: the worker publishes the orders' lifecycle events.
      KAFKA_BOOTSTRAP_SERVERS: process.env.KAFKA_BOOTSTRAP_SERVERS ?? '',
      ...env,
    },
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the worker process', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createDevServerEnvironment({
      server: { searchAttributes: [...ORDER_SEARCH_ATTRIBUTES] },
    });
  });

  afterAll(async () => {
    await env.teardown();
  });

  it('finishes the running activity on SIGTERM, then exits cleanly', async () => {
    const inventory = await slowInventory(2000);
    const taskQueue = `worker-${randomUUID()}`;
    const metricsPort = await findFreePort();
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      INVENTORY_URL: inventory.url,
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_SHUTDOWN_GRACE_SECONDS: '20',
    });
    try {
      await until(() => worker.output().includes('Worker polling'), 'the worker to poll');
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toContain('temporal_');

      const orderId = randomUUID();
      const handle = await env.client.workflow.start('checkout', {
        taskQueue,
        workflowId: `order-${orderId}`,
        args: [
          {
            orderId,
            customerId: 'cus_1',
            items: [{ sku: 'SKU-001', quantity: 1 }],
            paymentToken: 'tok_visa',
            shippingAddress: {
              name: 'Ada',
              line1: '1 Main St',
              city: 'X',
              postalCode: '1',
              country: 'US',
            },
          },
        ],
      });
      await until(() => inventory.events.includes('reservation received'), 'the reservation');

      worker.child.kill('SIGTERM');
      const [exitCode] = (await once(worker.child, 'exit')) as [number | null];

      expect(exitCode).toBe(0);
      expect(inventory.events).toEqual(['reservation received', 'reservation answered']);
      const history = await handle.fetchHistory();
      const reservation = history.events?.find(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'reserveInventory',
      );
      const completed = history.events?.filter(
        (e) =>
          e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() ===
          reservation?.eventId?.toString(),
      );
      expect(completed).toHaveLength(1);
      expect(worker.output()).toContain('Worker stopped');
    } finally {
      worker.child.kill('SIGKILL');
      inventory.close();
    }
  });

  it('refuses to start on a bad configuration, naming the variable', async () => {
    const worker = startWorkerProcess({
      TEMPORAL_ADDRESS: 'no-port-here',
      WORKER_METRICS_PORT: '0',
    });
    const [exitCode] = (await once(worker.child, 'exit')) as [number | null];
    expect(exitCode).toBe(1);
    expect(worker.output()).toContain('TEMPORAL_ADDRESS: must be host:port');
  });
});
