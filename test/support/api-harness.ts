import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from '@jest/globals';
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { createInMemoryAdapters } from '../../activities/adapters/in-memory/index.js';
import { createActivities } from '../../activities/index.js';
import type { ApiConfig } from '../../apps/api/api-env.js';
import { startApi } from '../../apps/api/start-api.js';
import {
  encryptingDataConverter,
  generatePayloadEncryptionKey,
  parsePayloadEncryptionKeys,
} from '../../lib/payload-codec/index.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { createTestTokenSigner, type TestTokenSigner } from './api-auth.js';
import { startHealthStub, type HealthStub } from './api-health-stub.js';
import { startReadModelStub, type ReadModelStub } from './api-read-model-stub.js';
import { ApiClient } from './api-http.js';
import { newCustomerId } from './api-orders.js';
import { installQuietRuntime } from './quiet-runtime.js';
import { createDevServerEnvironment } from './temporal-env.js';
import { DEFAULT_CHECKOUT_POLICY } from '../../apps/api/orders/checkout-policy.js';
import { DEFAULT_ORDER_INTAKE } from '../../apps/api/orders/order-intake-env.js';

const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface ApiHarness {
  /** The API without a token. */
  anonymous: ApiClient;
  /** The API as a customer (a new one unless named), with a token the API accepts. */
  customer(customerId?: string): Promise<ApiClient>;
  /** The API as an operator. */
  operator(operatorId?: string): Promise<ApiClient>;
  /** Signs the tokens the API accepts. */
  signer: TestTokenSigner;
  /** Stops the worker: the orders stop moving and queries go unanswered. */
  stopWorker(): Promise<void>;
  /** Starts a new worker on the API's task queue (after stopWorker). */
  startWorker(): Promise<void>;
  /** A client of its own, to look behind the API (describe, visibility). */
  client: Client;
  participants: ReturnType<typeof createInMemoryAdapters>;
  /** What the API's GET /health calls for each participant. */
  services: Record<'inventory' | 'payment' | 'shipping', HealthStub>;
  /** The read model the API lists from: a stub projecting the worker's lifecycle events. */
  readModel: ReadModelStub;
  /** Another API process's configuration on the same servers. */
  config: ApiConfig;
  close(): Promise<void>;
}

/** What the harness's API verifies payment webhooks with. */
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

/**
 * The API over HTTP, on a Temporal dev server with the search attributes registered, and a
 * worker running the real checkout workflow and activities over in-memory participants.
 */
async function startApiHarness(overrides: Partial<ApiConfig>): Promise<ApiHarness> {
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

    const namespace = env.namespace ?? 'default';
    const taskQueue = `api-test-${randomUUID()}`;
    const participants = createInMemoryAdapters();
    const payloadEncryptionKeys = parsePayloadEncryptionKeys(generatePayloadEncryptionKey('test'));
    const dataConverter = encryptingDataConverter(payloadEncryptionKeys);
    let stopWorker = () => Promise.resolve();
    const startWorker = async () => {
      const worker = await Worker.create({
        dataConverter,
        connection: env.nativeConnection,
        namespace,
        taskQueue,
        workflowsPath: WORKFLOWS_PATH,
        activities: createActivities(participants),
      });
      const running = worker.run();
      stopWorker = async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      };
    };
    await startWorker();
    cleanups.push(() => stopWorker());

    const [inventory, payment, shipping] = await Promise.all([
      startHealthStub(),
      startHealthStub(),
      startHealthStub(),
    ]);
    cleanups.push(async () => {
      await Promise.all([inventory, payment, shipping].map((service) => service.close()));
    });

    const readModel = await startReadModelStub(() => participants.orderEvents.published);
    cleanups.push(() => readModel.close());

    const signer = await createTestTokenSigner();
    const config: ApiConfig = {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      temporal: { address: env.address, namespace, taskQueue },
      payloadEncryptionKeys,
      checkoutPolicy: DEFAULT_CHECKOUT_POLICY,
      participants: {
        inventoryUrl: inventory.url,
        paymentUrl: payment.url,
        shippingUrl: shipping.url,
        timeoutMs: 2000,
      },
      codec: { localUiOrigins: [] },
      auth: signer.authConfig,
      paymentWebhookSecret: TEST_WEBHOOK_SECRET,
      orderIntake: DEFAULT_ORDER_INTAKE,
      readModel: { url: readModel.url, timeoutMs: 2000 },
      ...overrides,
    };
    const app = await startApi(config);
    cleanups.push(() => app.close());
    const as = async (sub: string, roles: string[]) =>
      new ApiClient(app.url, await signer.sign({ sub, roles }), sub);

    return {
      anonymous: new ApiClient(app.url),
      customer: (customerId = newCustomerId()) => as(customerId, ['customer']),
      operator: (operatorId = 'ops_test') => as(operatorId, ['operator']),
      signer,
      stopWorker: () => stopWorker(),
      startWorker,
      client: new Client({ connection: env.connection, namespace, dataConverter }),
      participants,
      services: { inventory, payment, shipping },
      readModel,
      config,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The harness for the tests of one file: started before them, closed after them. Its fields are
 * filled in by the beforeAll, so read them in hooks and tests only. `overrides` replace parts of
 * the API's configuration.
 */
export function useApiHarness(overrides: Partial<ApiConfig> = {}): ApiHarness {
  const harness = {} as ApiHarness;
  beforeAll(async () => {
    Object.assign(harness, await startApiHarness(overrides));
  }, 180_000);
  afterAll(async () => {
    await harness.close();
  });
  return harness;
}
