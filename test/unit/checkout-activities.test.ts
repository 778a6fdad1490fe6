import { beforeEach, describe, expect, it } from '@jest/globals';
import { ApplicationFailure, noopMetricMeter, type MetricMeter } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createActivities,
  ParticipantRefusal,
  ParticipantUnavailable,
  type CheckoutActivities,
  type CheckoutAdapters,
  type OrderEvent,
  type ChargeRecord,
  type ReservationRecord,
  type ShipmentRecord,
  type ShipmentRequest,
} from '../../activities/index.js';
import { retryDelayAfter } from '../../activities/failures.js';
import { InMemoryOrderEvents } from '../../activities/adapters/order-events/in-memory-order-events.js';

/** Adapters that record each mutating call with its idempotency key. */
function recordingAdapters(records: {
  reservations?: ReservationRecord[];
  charges?: ChargeRecord[];
  shipments?: ShipmentRecord[];
}) {
  const calls: string[] = [];
  const record = (call: string) => {
    calls.push(call);
    return Promise.resolve();
  };
  const adapters: CheckoutAdapters = {
    inventory: {
      reserve: (_request, key) =>
        record(`reserve ${key}`).then(() => ({
          reservationId: 'res_1',
          lines: [],
          total: { amount: 0, currency: 'USD' },
          expiresAt: '',
        })),
      confirm: (id, key) => record(`confirm ${id} ${key}`),
      release: (id, key) => record(`release ${id} ${key}`),
      findReservations: () => Promise.resolve(records.reservations ?? []),
    },
    payment: {
      charge: (_request, key) =>
        record(`charge ${key}`).then(() => ({ chargeId: 'ch_1', status: 'SUCCEEDED' as const })),
      getCharge: (id) =>
        Promise.resolve(
          (records.charges ?? []).find((c) => c.chargeId === id) ?? {
            chargeId: id,
            orderId: '42',
            amount: 0,
            status: 'DECLINED' as const,
          },
        ),
      refund: (id, key) => record(`refund ${id} ${key}`),
      findCharges: () => Promise.resolve(records.charges ?? []),
    },
    shipping: {
      schedule: (_request, key) =>
        record(`schedule ${key}`).then(() => ({ shipmentId: 'shp_1', trackingNumber: 'TRK1' })),
      cancel: (id, key) => record(`cancel ${id} ${key}`),
      findShipments: () => Promise.resolve(records.shipments ?? []),
    },
    notification: { sendOrderConfirmation: (_message, key) => record(`notify ${key}`) },
    orderEvents: new InMemoryOrderEvents(),
  };
  return { adapters, calls };
}

function run<Name extends keyof CheckoutActivities>(
  activities: CheckoutActivities,
  name: Name,
  ...args: Parameters<CheckoutActivities[Name]>
) {
  return runWith(noopMetricMeter, activities, name, ...args);
}

function runWith<Name extends keyof CheckoutActivities>(
  metricMeter: MetricMeter,
  activities: CheckoutActivities,
  name: Name,
  ...args: Parameters<CheckoutActivities[Name]>
) {
  const environment = new MockActivityEnvironment(
    { activityType: name, workflowExecution: { workflowId: 'order-42', runId: 'run-1' } },
    { metricMeter },
  );
  const activity = activities[name] as (...a: typeof args) => Promise<unknown>;
  return environment.run(activity, ...args);
}

const reservation = (reservationId: string, status: ReservationRecord['status']) => ({
  reservationId,
  orderId: '42',
  status,
  lines: [],
});

describe('checkout activities', () => {
  let calls: string[];
  let activities: CheckoutActivities;

  beforeEach(() => {
    const recording = recordingAdapters({
      reservations: [reservation('res_1', 'HELD'), reservation('res_0', 'EXPIRED')],
      charges: [
        { chargeId: 'ch_1', orderId: '42', amount: 100, status: 'SUCCEEDED' },
        { chargeId: 'ch_2', orderId: '42', amount: 100, status: 'REQUIRES_ACTION' },
        { chargeId: 'ch_3', orderId: '42', amount: 100, status: 'DECLINED' },
      ],
      shipments: [
        { shipmentId: 'shp_1', orderId: '42', status: 'SCHEDULED', trackingNumber: 'T1' },
        { shipmentId: 'shp_2', orderId: '42', status: 'CANCELLED', trackingNumber: 'T2' },
      ],
    });
    calls = recording.calls;
    activities = createActivities(recording.adapters);
  });

  it('keys each step by workflow id and step name', async () => {
    await run(activities, 'reserveInventory', { orderId: '42', items: [] });
    await run(activities, 'chargePayment', {
      orderId: '42',
      customerId: 'c',
      amount: 1,
      currency: 'USD',
      token: 'tok_visa',
    });
    await run(activities, 'confirmReservation', { reservationId: 'res_1' });
    expect(calls).toEqual([
      'reserve order-42:reserveInventory',
      'charge order-42:chargePayment',
      'confirm res_1 order-42:confirmReservation',
    ]);
  });

  it('compensates by looking the order up, undoing only what is still in effect', async () => {
    await run(activities, 'releaseReservation', { orderId: '42' });
    await run(activities, 'refundPayment', { orderId: '42' });
    await run(activities, 'cancelShipment', { orderId: '42' });
    expect(calls).toEqual([
      'release res_1 order-42:releaseReservation:res_1',
      'refund ch_1 order-42:refundPayment:ch_1',
      'refund ch_2 order-42:refundPayment:ch_2',
      'cancel shp_1 order-42:cancelShipment:shp_1',
    ]);
  });

  it('raises a business refusal as a non-retryable failure of a stable type', async () => {
    const { adapters } = recordingAdapters({});
    adapters.inventory.reserve = () =>
      Promise.reject(new ParticipantRefusal('INSUFFICIENT_STOCK', 'Only 5 SKU-SCARCE left'));
    const failure = await run(createActivities(adapters), 'reserveInventory', {
      orderId: '42',
      items: [],
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'InsufficientStock',
      nonRetryable: true,
      message: 'Only 5 SKU-SCARCE left',
    });
  });

  it('raises an unknown refusal as ParticipantRefused and an outage as retryable', async () => {
    const { adapters } = recordingAdapters({});
    adapters.payment.charge = () => Promise.reject(new ParticipantRefusal('HTTP_418', 'teapot'));
    adapters.shipping.schedule = () =>
      Promise.reject(new ParticipantUnavailable('shipping answered 503'));
    const charge = createActivities(adapters);
    await expect(
      run(charge, 'chargePayment', {
        orderId: '42',
        customerId: 'c',
        amount: 1,
        currency: 'USD',
        token: 't',
      }),
    ).rejects.toMatchObject({ type: 'ParticipantRefused', nonRetryable: true });
    await expect(
      run(charge, 'scheduleShipping', {
        orderId: '42',
        items: [],
        address: { name: 'a', line1: 'b', city: 'c', postalCode: '1', country: 'US' },
      }),
    ).rejects.toMatchObject({ type: 'ParticipantUnavailable', nonRetryable: false });
  });
});

describe('the backoff a transient failure asks for', () => {
  it('doubles from 1 s up to 1 minute, with jitter between half and all of it', () => {
    const low = [1, 2, 3, 7, 50].map((attempt) => retryDelayAfter(attempt, () => 0));
    const high = [1, 2, 3, 7, 50].map((attempt) => retryDelayAfter(attempt, () => 1));
    expect(low).toEqual([500, 1000, 2000, 30_000, 30_000]);
    expect(high).toEqual([1000, 2000, 4000, 60_000, 60_000]);
  });

  it('is carried by the retryable failure as nextRetryDelay, from the attempt number', async () => {
    const { adapters } = recordingAdapters({});
    adapters.shipping.schedule = () => Promise.reject(new ParticipantUnavailable('503'));
    const environment = new MockActivityEnvironment({
      activityType: 'scheduleShipping',
      attempt: 3,
      workflowExecution: { workflowId: 'order-42', runId: 'run-1' },
    });
    const activities = createActivities(adapters);
    const schedule = (request: ShipmentRequest) => activities.scheduleShipping(request);
    const failure = await environment
      .run(schedule, {
        orderId: '42',
        items: [],
        address: { name: 'a', line1: 'b', city: 'c', postalCode: '1', country: 'US' },
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    const delay = Number((failure as ApplicationFailure).nextRetryDelay);
    expect(delay).toBeGreaterThanOrEqual(2000);
    expect(delay).toBeLessThanOrEqual(4000);
  });
});

describe('confirmPayment, kept for orders started before the card challenge was read', () => {
  const chargeIn = (status: ChargeRecord['status']) =>
    recordingAdapters({ charges: [{ chargeId: 'ch_1', orderId: '42', amount: 1, status }] });

  it('only reads: succeeds for a SUCCEEDED charge and moves nothing', async () => {
    const { adapters, calls } = chargeIn('SUCCEEDED');
    await run(createActivities(adapters), 'confirmPayment', { chargeId: 'ch_1' });
    expect(calls).toEqual([]);
  });

  it('declines a DECLINED charge and retries one still awaiting the customer', async () => {
    await expect(
      run(createActivities(chargeIn('DECLINED').adapters), 'confirmPayment', { chargeId: 'ch_1' }),
    ).rejects.toMatchObject({ type: 'PaymentDeclined', nonRetryable: true });
    await expect(
      run(createActivities(chargeIn('REQUIRES_ACTION').adapters), 'confirmPayment', {
        chargeId: 'ch_1',
      }),
    ).rejects.toMatchObject({ type: 'ParticipantUnavailable', nonRetryable: false });
  });
});

/** A meter that keeps what each counter was given, by counter name. */
function recordingMeter(): { meter: MetricMeter; added: Map<string, Record<string, unknown>[]> } {
  const added = new Map<string, Record<string, unknown>[]>();
  const meter: MetricMeter = {
    createHistogram: (...args) => noopMetricMeter.createHistogram(...args),
    createGauge: (...args) => noopMetricMeter.createGauge(...args),
    createCounter: (name) => ({
      name,
      kind: 'counter',
      valueType: 'int',
      add: (value, tags = {}) => {
        added.set(name, [...(added.get(name) ?? []), { value, ...tags }]);
      },
      withTags: () => {
        throw new Error('not used');
      },
    }),
    withTags: () => meter,
  };
  return { meter, added };
}

describe('failed compensation attempts', () => {
  it('are counted as checkout_compensations_total{outcome="failed_attempt"} by compensation', async () => {
    const { adapters } = recordingAdapters({
      charges: [{ chargeId: 'ch_1', orderId: '42', amount: 1, status: 'SUCCEEDED' }],
    });
    adapters.payment.refund = () => Promise.reject(new ParticipantUnavailable('payment 503'));
    adapters.shipping.findShipments = () =>
      Promise.reject(new ParticipantRefusal('HTTP_409', 'shipment is locked'));
    const { meter, added } = recordingMeter();
    const activities = createActivities(adapters);

    await expect(
      runWith(meter, activities, 'refundPayment', { orderId: '42' }),
    ).rejects.toMatchObject({ type: 'ParticipantUnavailable' });
    await expect(
      runWith(meter, activities, 'cancelShipment', { orderId: '42' }),
    ).rejects.toMatchObject({ type: 'ParticipantRefused', nonRetryable: true });
    await runWith(meter, activities, 'releaseReservation', { orderId: '42' });

    // The SDK adds the activity's own tags (activityType, namespace, taskQueue).
    expect(added.get('checkout_compensations_total')).toEqual([
      expect.objectContaining({
        value: 1,
        compensation: 'refundPayment',
        outcome: 'failed_attempt',
      }),
      expect.objectContaining({
        value: 1,
        compensation: 'cancelShipment',
        outcome: 'failed_attempt',
      }),
    ]);
  });

  it('are not counted for a step', async () => {
    const { adapters } = recordingAdapters({});
    adapters.payment.charge = () => Promise.reject(new ParticipantUnavailable('payment 503'));
    const { meter, added } = recordingMeter();
    await expect(
      runWith(meter, createActivities(adapters), 'chargePayment', {
        orderId: '42',
        customerId: 'c',
        amount: 1,
        currency: 'USD',
        token: 't',
      }),
    ).rejects.toMatchObject({ type: 'ParticipantUnavailable' });
    expect(added.size).toBe(0);
  });
});

describe('publishOrderEvent', () => {
  it('hands the event to the publisher, which keeps a repeat once', async () => {
    const { adapters } = recordingAdapters({});
    const orderEvents = new InMemoryOrderEvents();
    const activities = createActivities({ ...adapters, orderEvents });
    const event = {
      specversion: '1.0',
      id: '42:checkout.order.cancelled',
      source: '/checkout/worker',
      type: 'checkout.order.cancelled',
      subject: '42',
      time: '2026-01-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      data: { orderId: '42', customerId: 'cus_1' },
    } as const;
    await run(activities, 'publishOrderEvent', event);
    await run(activities, 'publishOrderEvent', event);
    expect(orderEvents.published).toEqual([event]);
  });

  it('refuses, without retries, an event its schema refuses: nothing is published', async () => {
    const { adapters } = recordingAdapters({});
    const orderEvents = new InMemoryOrderEvents();
    const activities = createActivities({ ...adapters, orderEvents });
    const leaky = {
      specversion: '1.0',
      id: '42:checkout.order.placed',
      source: '/checkout/worker',
      type: 'checkout.order.placed',
      subject: '42',
      time: '2026-01-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      data: {
        orderId: '42',
        customerId: 'cus_1',
        items: [{ sku: 'SKU-001', quantity: 1 }],
        paymentToken: 'tok_visa',
      },
    };
    // The types refuse it too; a caller may still get around them (a replayed old input, a cast).
    await expect(
      run(activities, 'publishOrderEvent', leaky as unknown as OrderEvent),
    ).rejects.toMatchObject({
      type: 'InvalidOrderEvent',
      nonRetryable: true,
      message: expect.stringContaining('paymentToken') as unknown,
    });
    expect(orderEvents.published).toEqual([]);
  });
});
