// The worker publishes an order's lifecycle events to the real broker of the test run: on the
// checkout.orders topic, keyed by orderId, in order, each a valid CloudEvent of its type.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createInMemoryAdapters } from '../../activities/adapters/in-memory/index.js';
import { KafkaOrderEvents } from '../../activities/adapters/order-events/kafka-order-events.js';
import { createActivities } from '../../activities/index.js';
import { parseCloudEvent } from '../../lib/events/index.js';
import { ensureTopics } from '../../lib/kafka/index.js';
import type { checkout } from '../../workflows/checkout/checkout.workflow.js';
import type { CheckoutInput } from '../../workflows/checkout/order.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { kafkaBootstrapServers, waitForTopicMessages } from '../support/kafka.js';
import { installQuietRuntime } from '../support/quiet-runtime.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';
import { createDevServerEnvironment } from '../support/temporal-env.js';

const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const TOPIC = 'checkout.orders';

function orderInput(overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  return {
    orderId: `ord_${randomUUID().replaceAll('-', '')}`,
    customerId: 'cus_events',
    items: [{ sku: 'SKU-001', quantity: 2 }],
    paymentToken: 'tok_visa',
    shippingAddress: SAMPLE_ADDRESS,
    ...overrides,
  };
}

describe('order lifecycle events on Kafka', () => {
  let env: TestWorkflowEnvironment;
  let orderEvents: KafkaOrderEvents;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `order-events-${randomUUID()}`;

  beforeAll(async () => {
    installQuietRuntime();
    await ensureTopics(kafkaBootstrapServers(), [TOPIC]);
    env = await createDevServerEnvironment({
      server: { searchAttributes: [...ORDER_SEARCH_ATTRIBUTES] },
    });
    orderEvents = KafkaOrderEvents.connect({
      bootstrapServers: kafkaBootstrapServers(),
      clientId: 'order-events-test',
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createActivities({ ...createInMemoryAdapters(), orderEvents }),
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker.shutdown();
    await running;
    await orderEvents.close();
    await env.teardown();
  });

  const run = (input: CheckoutInput) =>
    env.client.workflow.execute<typeof checkout>('checkout', {
      taskQueue,
      workflowId: `order-${input.orderId}`,
      args: [input],
    });

  it('a completed order: placed, then completed, keyed by the orderId', async () => {
    const input = orderInput();
    const state = await run(input);
    expect(state.status).toBe('COMPLETED');

    const messages = await waitForTopicMessages(TOPIC, input.orderId, 2);
    const events = messages.map((message) => parseCloudEvent(message.value));
    expect(events.map((event) => event.type)).toEqual([
      'checkout.order.placed',
      'checkout.order.completed',
    ]);
    expect(messages.every((message) => message.key === input.orderId)).toBe(true);
    expect(messages[0]?.headers['content-type']).toBe(
      'application/cloudevents+json; charset=UTF-8',
    );
    expect(events[1]).toMatchObject({
      id: `${input.orderId}:checkout.order.completed`,
      source: '/checkout/worker',
      subject: input.orderId,
      data: { orderId: input.orderId, customerId: 'cus_events', total: state.total },
    });
    const raw = messages.map((message) => message.value).join('\n');
    for (const secret of ['tok_visa', SAMPLE_ADDRESS.name, SAMPLE_ADDRESS.line1]) {
      expect(raw).not.toContain(secret);
    }
  });

  it('a declined card: placed, then failed with the step and the code', async () => {
    const input = orderInput({ paymentToken: 'tok_chargeDeclined' });
    expect((await run(input)).status).toBe('FAILED');

    const messages = await waitForTopicMessages(TOPIC, input.orderId, 2);
    const [placed, failed] = messages.map((message) => parseCloudEvent(message.value));
    expect(placed?.type).toBe('checkout.order.placed');
    expect(failed).toMatchObject({
      type: 'checkout.order.failed',
      data: { failure: { step: 'chargePayment', code: 'PAYMENT_DECLINED' } },
    });
  });
});
