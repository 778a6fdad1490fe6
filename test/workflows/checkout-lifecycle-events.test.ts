import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OrderEvent } from '../../activities/index.js';
import { validateEvent } from '../../lib/events/index.js';
import { cancelOrderUpdate, confirmPaymentUpdate } from '../../workflows/checkout/messages.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { CheckoutTestEnvironment } from './support/checkout-test-environment.js';
import { FakeParticipants } from './support/fake-participants.js';
import { sampleOrder } from './support/sample-order.js';
import { atStep, waitForState } from './support/wait-for.js';

let environment: CheckoutTestEnvironment;

beforeAll(async () => {
  environment = await CheckoutTestEnvironment.create();
});

afterAll(async () => {
  await environment.teardown();
});

const awaitingConfirmation = (state: OrderState) =>
  state.status === 'AWAITING_PAYMENT_CONFIRMATION';

function eventOf(participants: FakeParticipants, type: string): OrderEvent {
  const event = participants.events.find((e) => e.type === type);
  if (!event) throw new Error(`no ${type} event among ${participants.eventTypes().join(', ')}`);
  return event;
}

/**
 * The envelope every lifecycle event has, valid by its type's schema, with nothing of the payment
 * token, name or address.
 */
function expectEnvelope(event: OrderEvent, orderId: string): void {
  expect(validateEvent(event)).toEqual(event);
  expect(event).toMatchObject({
    specversion: '1.0',
    id: `${orderId}:${event.type}`,
    source: '/checkout/worker',
    subject: orderId,
    datacontenttype: 'application/json',
    data: { orderId, customerId: 'cus_123' },
  });
  expect(Number.isNaN(Date.parse(event.time))).toBe(false);
  const serialized = JSON.stringify(event);
  for (const secret of ['tok_', 'Ada', 'Main St', 'Springfield', 'paymentToken', 'address']) {
    expect(serialized).not.toContain(secret);
  }
}

describe('order lifecycle events', () => {
  it('a completed order: placed with its items, then completed with its total', async () => {
    const participants = new FakeParticipants();
    const order = sampleOrder();
    const state = await environment.withWorker(participants, async (start) =>
      (await start(order)).result(),
    );

    expect(state.status).toBe('COMPLETED');
    expect(participants.eventTypes()).toEqual([
      'checkout.order.placed',
      'checkout.order.completed',
    ]);
    for (const event of participants.events) expectEnvelope(event, order.orderId);
    expect(eventOf(participants, 'checkout.order.placed').data).toEqual({
      orderId: order.orderId,
      customerId: order.customerId,
      items: order.items,
    });
    expect(eventOf(participants, 'checkout.order.completed').data).toEqual({
      orderId: order.orderId,
      customerId: order.customerId,
      total: state.total,
    });
  });

  it('a declined card: placed, then failed at chargePayment with the total', async () => {
    const participants = new FakeParticipants().inject('chargePayment', { kind: 'refuse' });
    const order = sampleOrder({ paymentToken: 'tok_chargeDeclined' });
    const state = await environment.withWorker(participants, async (start) =>
      (await start(order)).result(),
    );

    expect(state.status).toBe('FAILED');
    expect(participants.eventTypes()).toEqual(['checkout.order.placed', 'checkout.order.failed']);
    for (const event of participants.events) expectEnvelope(event, order.orderId);
    expect(eventOf(participants, 'checkout.order.failed').data).toEqual({
      orderId: order.orderId,
      customerId: order.customerId,
      total: state.total,
      failure: { step: 'chargePayment', code: 'PAYMENT_DECLINED' },
    });
  });

  it('out of stock: placed, then failed at reserveInventory without a total', async () => {
    const participants = new FakeParticipants().inject('reserveInventory', { kind: 'refuse' });
    const order = sampleOrder();
    await environment.withWorker(participants, async (start) => (await start(order)).result());

    expect(participants.eventTypes()).toEqual(['checkout.order.placed', 'checkout.order.failed']);
    expect(eventOf(participants, 'checkout.order.failed').data).toEqual({
      orderId: order.orderId,
      customerId: order.customerId,
      failure: { step: 'reserveInventory', code: 'INSUFFICIENT_STOCK' },
    });
  });

  it('a cancelled order: placed, then cancelled with the total, after the rollback', async () => {
    const participants = new FakeParticipants().inject('scheduleShipping', { kind: 'block' });
    const order = sampleOrder();
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(order);
      await waitForState(handle, atStep('scheduleShipping'));
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] });
      return handle.result();
    });

    expect(state.status).toBe('CANCELLED');
    expect(participants.isRolledBack()).toBe(true);
    expect(participants.eventTypes()).toEqual([
      'checkout.order.placed',
      'checkout.order.cancelled',
    ]);
    for (const event of participants.events) expectEnvelope(event, order.orderId);
    expect(eventOf(participants, 'checkout.order.cancelled').data).toEqual({
      orderId: order.orderId,
      customerId: order.customerId,
      total: state.total,
    });
    // Published once the rollback is done: the cancel event comes after every compensation.
    const calls = participants.calls;
    expect(calls.lastIndexOf('publishOrderEvent')).toBeGreaterThan(
      Math.max(...participants.compensationCalls().map((c) => calls.lastIndexOf(c))),
    );
  });

  it.each([
    { challenge: 'approve', status: 'COMPLETED', last: 'checkout.order.completed' },
    { challenge: 'deny', status: 'FAILED', last: 'checkout.order.failed' },
  ] as const)(
    'a card challenge the customer would $challenge: placed, then $last',
    async ({ challenge, status, last }) => {
      const participants = new FakeParticipants('REQUIRES_ACTION');
      const order = sampleOrder({ paymentToken: 'tok_requiresAction' });
      const state = await environment.withWorker(participants, async (start) => {
        const handle = await start(order);
        await waitForState(handle, awaitingConfirmation);
        participants.authenticate(challenge);
        await handle.executeUpdate(confirmPaymentUpdate);
        return handle.result();
      });

      expect(state.status).toBe(status);
      expect(participants.eventTypes()).toEqual(['checkout.order.placed', last]);
      for (const event of participants.events) expectEnvelope(event, order.orderId);
      if (status === 'FAILED') {
        expect(eventOf(participants, last).data).toMatchObject({
          failure: { step: 'chargePayment', code: 'PAYMENT_DECLINED' },
        });
      }
    },
  );

  it('a healthy broker takes each event in one local attempt: a marker, no publish activity, no extra task', async () => {
    const participants = new FakeParticipants();
    const history = await environment.withWorker(participants, async (start) => {
      const handle = await start(sampleOrder());
      await handle.result();
      return handle.fetchHistory();
    });

    const events = history.events ?? [];
    const scheduled = events
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter((name) => name !== undefined);
    expect(scheduled).not.toContain('publishOrderEvent');
    const localActivityMarkers = events.filter(
      (e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    );
    // The two publishes, and the confirmation, which is also tried locally first.
    expect(localActivityMarkers).toHaveLength(3);
    expect(participants.callsOf('publishOrderEvent')).toBe(2);
    // One workflow task per step result, plus the first: the publishes wake the workflow no more.
    const workflowTasks = events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
    expect(workflowTasks).toBe(scheduled.length + 1);
  });

  it('a broker that is down holds back no step; the events follow, in order, once it is back', async () => {
    const participants = new FakeParticipants().inject('publishOrderEvent', { kind: 'down' });
    const order = sampleOrder();
    const state = await environment.withWorker(participants, async (start) => {
      const handle = await start(order);
      // Every step, the pivot and the confirmation run while no event could be published.
      const completed = await waitForState(handle, (s) =>
        s.steps.some((step) => step.name === 'sendConfirmation' && step.status === 'COMPLETED'),
      );
      expect(completed.status).toBe('COMPLETED');
      expect(participants.ledger).toMatchObject({ reservation: 'CONFIRMED', notified: true });
      expect(participants.events).toEqual([]);
      expect(participants.callsOf('publishOrderEvent')).toBeGreaterThan(0);
      // The workflow stays open until its events are out.
      expect((await handle.describe()).status.name).toBe('RUNNING');

      // Each event's local attempt failed and left it to the publish activity, retried by the server.
      const scheduled = ((await handle.fetchHistory()).events ?? []).filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishOrderEvent',
      );
      expect(scheduled).toHaveLength(1);

      participants.restore('publishOrderEvent');
      return handle.result();
    });

    expect(state.status).toBe('COMPLETED');
    expect(participants.eventTypes()).toEqual([
      'checkout.order.placed',
      'checkout.order.completed',
    ]);
  });

  it('an event refused for good (a malformed one) is logged and holds the order open no longer', async () => {
    const participants = new FakeParticipants().inject('publishOrderEvent', { kind: 'refuse' });
    const state = await environment.withWorker(participants, async (start) =>
      (await start(sampleOrder())).result(),
    );

    expect(state.status).toBe('COMPLETED');
    expect(participants.callsOf('publishOrderEvent')).toBe(2);
    expect(participants.events).toEqual([]);
  });
});
