import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import type { ApiConfig } from '../../apps/api/api-env.js';
import { startApi } from '../../apps/api/start-api.js';
import { createLogger } from '../../lib/logging/index.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import {
  InMemoryInventory,
  InMemoryNotification,
  InMemoryPayment,
  InMemoryShipping,
} from '../../activities/adapters/in-memory/index.js';
import { startHealthStub, type HealthStub } from './api-health-stub.js';
import { ApiClient } from './api-http.js';
import { installQuietRuntime } from './quiet-runtime.js';
import { createDevServerEnvironment } from './temporal-env.js';

const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface ApiHarness {
  api: ApiClient;
  /** A client of its own, to look behind the API (describe, visibility). */
  client: Client;
  participants: {
    inventory: InMemoryInventory;
    payment: InMemoryPayment;
    shipping: InMemoryShipping;
    notification: InMemoryNotification;
  };
  /** What the API's GET /health calls for each participant. */
  services: Record<'inventory' | 'payment' | 'shipping', HealthStub>;
  /** Another API process's configuration on the same servers. */
  config: ApiConfig;
  close(): Promise<void>;
}

/**
 * The API over HTTP, on a Temporal dev server with the search attributes registered, and a
 * worker running the real checkout workflow and activities over in-memory participants.
 */
export async function startApiHarness(): Promise<ApiHarness> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    installQuietRuntime();
    const env = await createDevServerEnvironment({
      server: { searchAttributes: [...ORDER_SEARCH_ATTRIBUTES] },
    });
    cleanups.push(() => env.teardown());

    const taskQueue = `api-test-${randomUUID()}`;
    const participants = {
      inventory: new InMemoryInventory(),
      payment: new InMemoryPayment(),
      shipping: new InMemoryShipping(),
      notification: new InMemoryNotification(),
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createActivities(participants),
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
    });

    const [inventory, payment, shipping] = await Promise.all([
      startHealthStub(),
      startHealthStub(),
      startHealthStub(),
    ]);
    cleanups.push(async () => {
      await Promise.all([inventory, payment, shipping].map((service) => service.close()));
    });

    const config: ApiConfig = {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      temporal: { address: env.address, namespace: env.namespace ?? 'default', taskQueue },
      participants: {
        inventoryUrl: inventory.url,
        paymentUrl: payment.url,
        shippingUrl: shipping.url,
        timeoutMs: 2000,
      },
    };
    const app = await startApi({ config, logger: createLogger('api', config.logLevel) });
    cleanups.push(() => app.close());

    return {
      api: new ApiClient(app.url),
      client: env.client,
      participants,
      services: { inventory, payment, shipping },
      config,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
