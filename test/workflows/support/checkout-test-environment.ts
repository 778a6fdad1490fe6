import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Worker,
  type WorkerOptions,
  type WorkflowBundle,
} from '@temporalio/worker';
import {
  workflowSpanSinks,
  workflowTracingInterceptorsPath,
} from '../../../lib/telemetry/temporal.js';
import type { checkout } from '../../../workflows/index.js';
import type { CheckoutInput } from '../../../workflows/checkout/order.js';
import {
  CUSTOMER_ID,
  ORDER_SEARCH_ATTRIBUTES,
  ORDER_STATUS,
} from '../../../workflows/checkout/search-attributes.js';
import { createTimeSkippingEnvironment } from '../../support/temporal-env.js';
import type { FakeParticipants } from './fake-participants.js';
import { installQuietRuntime } from '../../support/quiet-runtime.js';

const workflowsPath = fileURLToPath(new URL('../../../workflows/index.ts', import.meta.url));
// The resolver may see the import with its .js specifier or after mapping it to the .ts source.
const activityOptionsPaths = ['js', 'ts'].map((extension) =>
  fileURLToPath(
    new URL(`../../../workflows/checkout/activity-options.${extension}`, import.meta.url),
  ),
);
const shortActivityOptionsPath = fileURLToPath(
  new URL('./short-activity-options.ts', import.meta.url),
);

const INDEXED_VALUE_TYPES: Record<SearchAttributeType, number> = {
  [SearchAttributeType.TEXT]: 1,
  [SearchAttributeType.KEYWORD]: 2,
  [SearchAttributeType.INT]: 3,
  [SearchAttributeType.DOUBLE]: 4,
  [SearchAttributeType.BOOL]: 5,
  [SearchAttributeType.DATETIME]: 6,
  [SearchAttributeType.KEYWORD_LIST]: 7,
};

export type CheckoutHandle = WorkflowHandle<typeof checkout>;

/** One time-skipping test server per test file; a fresh worker and task queue per test. */
export class CheckoutTestEnvironment {
  private constructor(
    readonly env: TestWorkflowEnvironment,
    private readonly bundle: WorkflowBundle,
    private readonly sinks: WorkerOptions['sinks'],
  ) {}

  /**
   * @param shortTimeouts bundle the workflow with a 2-second activity timeout, so a lost result
   * costs 2 s of wall time instead of 15.
   * @default true
   * @param traced bundle the SDK's tracing interceptors in, as a worker with tracing on runs them.
   * @default false
   */
  static async create({
    shortTimeouts = true,
    traced = false,
  } = {}): Promise<CheckoutTestEnvironment> {
    installQuietRuntime();
    const env = await startTestServer();
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: Object.fromEntries(
        ORDER_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPES[key.type]]),
      ),
    });
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules: traced ? [workflowTracingInterceptorsPath()] : [],
      logger: new DefaultLogger('WARN'),
      webpackConfigHook: (config) => {
        if (!shortTimeouts) return config;
        const resolve = config.resolve ?? {};
        resolve.alias = {
          ...(resolve.alias as Record<string, string>),
          ...Object.fromEntries(
            activityOptionsPaths.map((path) => [path, shortActivityOptionsPath]),
          ),
        };
        return { ...config, resolve };
      },
    });
    return new CheckoutTestEnvironment(env, bundle, traced ? workflowSpanSinks() : undefined);
  }

  /**
   * Runs `test` while a worker serves the workflow with the fake participants' activities, on
   * `taskQueue`.
   */
  async withWorker<T>(
    participants: FakeParticipants,
    test: (
      start: (input: CheckoutInput) => Promise<CheckoutHandle>,
      taskQueue: string,
    ) => Promise<T>,
  ): Promise<T> {
    const taskQueue = `checkout-${randomUUID()}`;
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue,
      workflowBundle: this.bundle,
      ...(this.sinks ? { sinks: this.sinks } : {}),
      activities: participants.activities(),
      // Cancellation reaches an activity through its heartbeats: deliver them at once.
      defaultHeartbeatThrottleInterval: '20ms',
      maxHeartbeatThrottleInterval: '20ms',
    });
    const start = (input: CheckoutInput) => this.start(taskQueue, input);
    return worker.runUntil(test(start, taskQueue));
  }

  /**
   * A worker for the workflow only, without a cache, so another worker can take over its runs. It
   * runs the local activities (a local activity runs where its workflow task does), never the
   * activities scheduled on the task queue.
   */
  async workflowWorker(taskQueue: string, participants: FakeParticipants): Promise<Worker> {
    return Worker.create({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue,
      workflowBundle: this.bundle,
      ...(this.sinks ? { sinks: this.sinks } : {}),
      activities: participants.activities(),
      enableNonLocalActivities: false,
      maxCachedWorkflows: 0,
    });
  }

  /** A worker for the fake participants' activities only. */
  async activityWorker(participants: FakeParticipants, taskQueue: string): Promise<Worker> {
    return Worker.create({
      connection: this.env.nativeConnection,
      namespace: this.env.namespace ?? 'default',
      taskQueue,
      activities: participants.activities(),
    });
  }

  /** Starts an order on `taskQueue`, as the API does. */
  start(taskQueue: string, input: CheckoutInput, workflowId = `order-${input.orderId}`) {
    return this.env.client.workflow.start<typeof checkout>('checkout', {
      ...startOptions(taskQueue, input),
      workflowId,
    });
  }

  async teardown(): Promise<void> {
    await this.env.teardown();
  }
}

/** How the API starts an order's workflow. */
export function startOptions(taskQueue: string, input: CheckoutInput) {
  return {
    taskQueue,
    workflowId: `order-${input.orderId}`,
    args: [input] as [CheckoutInput],
    typedSearchAttributes: [
      { key: CUSTOMER_ID, value: input.customerId },
      { key: ORDER_STATUS, value: 'PENDING' },
    ],
  };
}

/** The SDK gives the Java test server 5 s to start; on a loaded machine that can take longer. */
async function startTestServer(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createTimeSkippingEnvironment();
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('did not start within')) throw error;
    }
  }
}
