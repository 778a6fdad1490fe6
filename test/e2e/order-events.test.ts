// Each way an order can end produces exactly its sequence of domain events, as the customer reads
// them from GET /orders/{orderId}/events, on the stack of npm start: the saga's lifecycle events
// and the participants' outbox events, through the real Kafka broker and the order read model.
//
// The read model serves an order's events by event time, then arrival. Within one topic that is
// the order the effects happened in. Across topics it is the order of the clocks, which is the
// causal order wherever one effect only starts after another has committed: the saga's steps run
// one after the other, and its final lifecycle event follows every compensation. The one place
// where two effects may commit in either order is the unwinding: the refund (or the voiding of a
// charge awaiting its challenge) runs concurrently with releasing the reservation. So each path
// lists its events as stages: the sequence must hold the stages in order, exactly, and the types
// within one stage in any order; each stage's types come from different topics, so every topic's
// own order is asserted exactly as well.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderPage } from '../../apps/api/orders/order-gateway.js';
import type { OrderRequest } from '../../apps/api/orders/order-request.schema.js';
import type { EventType } from '../../lib/events/index.js';
import type { OrderStatus } from '../../workflows/checkout/order.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { eventually, type ApiClient } from '../support/api-http.js';
import { orderReaching, orderRequest, placeOrder } from '../support/api-orders.js';
import { authenticateCharge } from '../support/e2e-participants.js';
import {
  firstListedWith,
  keysAndStrings,
  settledOrderEvents,
  sortedStages,
  typesByStage,
  typesByTopic,
  validOrderEvents,
  workflowCloseTime,
  type EventStages,
} from '../support/e2e-order-events.js';
import { removeDataDir, startStack, type E2eStack } from '../support/e2e-stack.js';

/** What the customer sends that no event may carry. */
const PERSONAL_ADDRESS = {
  name: 'Ida Eventname',
  line1: '7 Quiet Lane',
  city: 'Hiddenville',
  postalCode: '98765',
};

const FORBIDDEN_KEYS = ['paymentToken', 'token', 'shippingAddress', 'address', 'name', 'line1'];

type FinalStatus = Extract<OrderStatus, 'COMPLETED' | 'FAILED' | 'CANCELLED'>;

interface OrderPath {
  path: string;
  request: Partial<OrderRequest>;
  /** What the customer does while the order awaits the card's challenge, if it does. */
  atChallenge?: 'approve' | 'deny' | 'cancel';
  finalStatus: FinalStatus;
  stages: EventStages;
}

const FINAL_EVENT: Record<FinalStatus, EventType> = {
  COMPLETED: 'checkout.order.completed',
  FAILED: 'checkout.order.failed',
  CANCELLED: 'checkout.order.cancelled',
};

const PATHS: OrderPath[] = [
  {
    path: 'completed',
    request: { paymentToken: 'tok_visa' },
    finalStatus: 'COMPLETED',
    stages: [
      ['checkout.order.placed'],
      ['inventory.reservation.held'],
      ['payment.charge.succeeded'],
      ['shipping.shipment.scheduled'],
      ['inventory.reservation.confirmed'],
      ['checkout.order.completed'],
    ],
  },
  {
    path: 'declined card',
    request: { paymentToken: 'tok_chargeDeclined' },
    finalStatus: 'FAILED',
    // Refunding a declined charge has nothing to undo, and says nothing.
    stages: [
      ['checkout.order.placed'],
      ['inventory.reservation.held'],
      ['payment.charge.declined'],
      ['inventory.reservation.released'],
      ['checkout.order.failed'],
    ],
  },
  {
    path: 'undeliverable address (AQ)',
    request: { paymentToken: 'tok_visa', shippingAddress: { ...PERSONAL_ADDRESS, country: 'AQ' } },
    finalStatus: 'FAILED',
    // No shipment was scheduled, so none is cancelled; refund and release run concurrently.
    stages: [
      ['checkout.order.placed'],
      ['inventory.reservation.held'],
      ['payment.charge.succeeded'],
      ['payment.charge.refunded', 'inventory.reservation.released'],
      ['checkout.order.failed'],
    ],
  },
  {
    path: 'out of stock',
    request: { paymentToken: 'tok_visa', items: [{ sku: 'SKU-SCARCE', quantity: 6 }] },
    finalStatus: 'FAILED',
    // The refused reservation rolls back with its transaction: nothing was held, nothing released.
    stages: [['checkout.order.placed'], ['checkout.order.failed']],
  },
  {
    path: 'cancelled by the customer',
    request: { paymentToken: 'tok_requiresAction' },
    atChallenge: 'cancel',
    finalStatus: 'CANCELLED',
    // The charge awaiting its challenge is voided while the reservation is released.
    stages: [
      ['checkout.order.placed'],
      ['inventory.reservation.held'],
      ['payment.charge.requires_action'],
      ['payment.charge.canceled', 'inventory.reservation.released'],
      ['checkout.order.cancelled'],
    ],
  },
  {
    path: 'card challenge approved',
    request: { paymentToken: 'tok_requiresAction' },
    atChallenge: 'approve',
    finalStatus: 'COMPLETED',
    stages: [
      ['checkout.order.placed'],
      ['inventory.reservation.held'],
      ['payment.charge.requires_action'],
      ['payment.charge.succeeded'],
      ['shipping.shipment.scheduled'],
      ['inventory.reservation.confirmed'],
      ['checkout.order.completed'],
    ],
  },
  {
    path: 'card challenge denied',
    request: { paymentToken: 'tok_requiresAction' },
    atChallenge: 'deny',
    finalStatus: 'FAILED',
    stages: [
      ['checkout.order.placed'],
      ['inventory.reservation.held'],
      ['payment.charge.requires_action'],
      ['payment.charge.declined'],
      ['inventory.reservation.released'],
      ['checkout.order.failed'],
    ],
  },
];

describe('order domain events, end to end on the stack of npm start', () => {
  let stack: E2eStack | undefined;
  const running = (): E2eStack => {
    if (!stack) throw new Error('The stack did not start');
    return stack;
  };

  beforeAll(async () => {
    stack = await startStack();
    console.log(`e2e stack (order events) up in ${stack.startSeconds.toFixed(1)} s`);
  }, 300_000);

  afterAll(async () => {
    // Undefined when the stack failed to start: the failure is beforeAll's.
    if (stack === undefined) return;
    await stack.stop();
    await removeDataDir(stack.dataDir);
  }, 120_000);

  /** Places the order and takes it to its final status, acting on the challenge if asked to. */
  async function runOrder(
    customer: ApiClient,
    { request, atChallenge, finalStatus }: OrderPath,
  ): Promise<OrderState> {
    const { orderId } = await placeOrder(
      customer,
      orderRequest({ shippingAddress: { ...PERSONAL_ADDRESS, country: 'US' }, ...request }),
    );
    if (atChallenge !== undefined) {
      const awaiting = await orderReaching(customer, orderId, 'AWAITING_PAYMENT_CONFIRMATION');
      if (atChallenge === 'cancel') {
        expect((await customer.post(`/orders/${orderId}/cancel`, {})).status).toBe(202);
      } else {
        await authenticateCharge(awaiting.paymentAction?.url ?? '', atChallenge);
      }
    }
    return orderReaching(customer, orderId, finalStatus);
  }

  it.each(PATHS)(
    '$path: exactly its events, in order, valid and free of personal data',
    async (path) => {
      const customer = await running().customer();
      const state = await runOrder(customer, path);
      const { orderId } = state;
      const expectedTypes = path.stages.flat();

      const served = await settledOrderEvents(customer, orderId, {
        finalType: FINAL_EVENT[path.finalStatus],
        count: expectedTypes.length,
      });

      const events = validOrderEvents(served, orderId);
      const types = events.map((event) => event.type);
      console.log(`${path.path}: ${types.join(' → ')}`);
      expect(typesByStage(types, path.stages)).toEqual(sortedStages(path.stages));
      expect(typesByTopic(types)).toEqual(typesByTopic(expectedTypes));
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);

      const { keys, strings } = keysAndStrings(served);
      expect(keys.filter((key) => FORBIDDEN_KEYS.includes(key))).toEqual([]);
      const secrets = [path.request.paymentToken ?? '', ...Object.values(PERSONAL_ADDRESS)];
      expect(strings.filter((text) => secrets.some((secret) => text.includes(secret)))).toEqual([]);

      await eventually(async () => {
        const listed = await customer.get<OrderPage>('/orders');
        expect(listed.status).toBe(200);
        expect(listed.body.orders.map(({ orderId: id, status }) => ({ id, status }))).toEqual([
          { id: orderId, status: path.finalStatus },
        ]);
      }, 10_000);
      const intruder = await running().customer();
      expect((await intruder.get(`/orders/${orderId}/events`)).status).toBe(404);
    },
    120_000,
  );

  it('lists a completed order as COMPLETED shortly after its workflow closes (measured, logged)', async () => {
    const customer = await running().customer();
    const { orderId } = await placeOrder(
      customer,
      orderRequest({ shippingAddress: { ...PERSONAL_ADDRESS, country: 'US' } }),
    );
    const listedAt = firstListedWith(customer, orderId, 'COMPLETED');
    await orderReaching(customer, orderId, 'COMPLETED');
    const listedMs = await listedAt;

    const closedMs = await eventually(async () => {
      const closed = await workflowCloseTime(
        `127.0.0.1:${running().ports.TEMPORAL_PORT}`,
        `order-${orderId}`,
      );
      expect(closed).toBeDefined();
      return closed ?? 0;
    });
    const events = validOrderEvents(
      await settledOrderEvents(
        customer,
        orderId,
        {
          finalType: 'checkout.order.completed',
          count: 6,
        },
        { settleMs: 0 },
      ),
      orderId,
    );
    const completedEventMs = Date.parse(
      events.find((event) => event.type === 'checkout.order.completed')?.time ?? '',
    );
    // Not asserted: the machine's load decides it. The completed event is published before the
    // workflow returns, so the listing may even lead the close (a negative figure).
    console.log(
      `read-model freshness (completed order ${orderId}, GET /orders polled every 20 ms): ` +
        `listed COMPLETED ${listedMs - closedMs} ms after the workflow closed, ` +
        `${listedMs - completedEventMs} ms after its checkout.order.completed event time`,
    );
  }, 120_000);
});
