import { ApplicationFailure, type Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';
import { activityInfo, CompleteAsyncError, Context, heartbeat, sleep } from '@temporalio/activity';
import type { CheckoutActivities, OrderEvent } from '../../../activities/index.js';

export type ActivityName = keyof CheckoutActivities;

/**
 * How an activity misbehaves:
 * - refuse: a business refusal, raised as a non-retryable failure;
 * - lose-result: takes effect, then never answers, so every attempt times out;
 * - lose-first-result: the first attempt takes effect and times out, later ones answer;
 * - block: takes effect, then heartbeats until cancelled or released by the test;
 * - fail-transiently: `times` retryable failures, then behaves;
 * - hold: takes effect, then answers successfully when the test calls unblock(), deaf to
 *   cancellation (no heartbeats), like a participant call that is already under way;
 * - down: every call fails retryably until the test calls restore(); `retryAfter` is the
 *   `nextRetryDelay` it asks for, like a 503 with Retry-After.
 */
export type Fault =
  | { kind: 'refuse' }
  | { kind: 'lose-result' }
  | { kind: 'lose-first-result' }
  | { kind: 'block' }
  | { kind: 'fail-transiently'; times: number }
  | { kind: 'hold' }
  | { kind: 'down'; retryAfter?: Duration };

const REFUSAL_TYPES: Partial<Record<ActivityName, string>> = {
  reserveInventory: 'InsufficientStock',
  chargePayment: 'PaymentDeclined',
  confirmPayment: 'PaymentDeclined',
  scheduleShipping: 'AddressUndeliverable',
  confirmReservation: 'ReservationExpired',
  sendConfirmation: 'InvalidRequest',
};

export interface Ledger {
  reservation: 'NONE' | 'HELD' | 'CONFIRMED' | 'RELEASED';
  charge: 'NONE' | 'SUCCEEDED' | 'REQUIRES_ACTION' | 'DECLINED' | 'REFUNDED' | 'CANCELED';
  shipment: 'NONE' | 'SCHEDULED' | 'CANCELLED';
  notified: boolean;
}

/**
 * Idempotent, in-memory stand-ins for the participants, at the activity level. Records every call
 * in order and the effects that are in place, so a test can check what a rollback undid.
 */
export class FakeParticipants {
  readonly calls: ActivityName[] = [];
  readonly ledger: Ledger = {
    reservation: 'NONE',
    charge: 'NONE',
    shipment: 'NONE',
    notified: false,
  };
  /** The order's lifecycle events, each once, in the order they were first published. */
  readonly events: OrderEvent[] = [];
  private readonly faults = new Map<ActivityName, Fault>();
  private readonly callCounts = new Map<ActivityName, number>();
  private releaseBlocked: () => void = () => undefined;
  private readonly released = new Promise<void>((resolve) => (this.releaseBlocked = resolve));

  constructor(private readonly chargeOutcome: 'SUCCEEDED' | 'REQUIRES_ACTION' = 'SUCCEEDED') {}

  inject(activity: ActivityName, fault: Fault): this {
    this.faults.set(activity, fault);
    return this;
  }

  /** Lets every blocked activity answer normally. */
  unblock(): void {
    this.releaseBlocked();
  }

  /** The participant behind `activity` answers again. */
  restore(activity: ActivityName): void {
    this.faults.delete(activity);
  }

  /** The customer at the bank passes or fails the card's challenge. */
  authenticate(result: 'approve' | 'deny'): void {
    if (this.ledger.charge === 'REQUIRES_ACTION') {
      this.ledger.charge = result === 'approve' ? 'SUCCEEDED' : 'DECLINED';
    }
  }

  eventTypes(): string[] {
    return this.events.map(({ type }) => type);
  }

  callsOf(activity: ActivityName): number {
    return this.calls.filter((call) => call === activity).length;
  }

  compensationCalls(): ActivityName[] {
    const compensations: ActivityName[] = ['releaseReservation', 'refundPayment', 'cancelShipment'];
    return this.calls.filter((call) => compensations.includes(call));
  }

  isRolledBack(): boolean {
    const { reservation, charge, shipment } = this.ledger;
    return (
      ['NONE', 'RELEASED'].includes(reservation) &&
      ['NONE', 'DECLINED', 'REFUNDED', 'CANCELED'].includes(charge) &&
      ['NONE', 'CANCELLED'].includes(shipment)
    );
  }

  activities(): CheckoutActivities {
    const ledger = this.ledger;
    return {
      reserveInventory: (request) =>
        this.run('reserveInventory', () => {
          if (ledger.reservation === 'NONE') ledger.reservation = 'HELD';
          const lines = request.items.map((item) => ({ ...item, unitPrice: 1000 }));
          const amount = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
          return {
            reservationId: `res-${request.orderId}`,
            lines,
            total: { amount, currency: 'USD' },
            expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
          };
        }),
      releaseReservation: () =>
        this.run('releaseReservation', () => {
          if (ledger.reservation === 'HELD') ledger.reservation = 'RELEASED';
        }),
      confirmReservation: () =>
        this.run('confirmReservation', () => {
          ledger.reservation = 'CONFIRMED';
        }),
      chargePayment: (request) =>
        this.run('chargePayment', () => {
          if (ledger.charge === 'NONE') ledger.charge = this.chargeOutcome;
          const chargeId = `ch-${request.orderId}`;
          return ledger.charge === 'SUCCEEDED'
            ? { chargeId, status: 'SUCCEEDED' as const }
            : {
                chargeId,
                status: 'REQUIRES_ACTION' as const,
                nextAction: { url: `https://pay.example/charges/${chargeId}/authenticate` },
              };
        }),
      getCharge: ({ chargeId }) =>
        this.run('getCharge', () => ({
          chargeId,
          orderId: chargeId.replace(/^ch-/, ''),
          amount: 0,
          status: ledger.charge === 'NONE' ? 'DECLINED' : ledger.charge,
        })),
      // Only a read now, as in activities/checkout-activities.ts.
      confirmPayment: () =>
        this.run('confirmPayment', () => {
          if (ledger.charge === 'DECLINED') {
            throw ApplicationFailure.nonRetryable('declined', 'PaymentDeclined');
          }
          if (ledger.charge !== 'SUCCEEDED') {
            throw ApplicationFailure.retryable(`charge is ${ledger.charge}`);
          }
        }),
      refundPayment: () =>
        this.run('refundPayment', () => {
          if (ledger.charge === 'SUCCEEDED') ledger.charge = 'REFUNDED';
          if (ledger.charge === 'REQUIRES_ACTION') ledger.charge = 'CANCELED';
        }),
      scheduleShipping: (request) =>
        this.run('scheduleShipping', () => {
          ledger.shipment = 'SCHEDULED';
          return { shipmentId: `shp-${request.orderId}`, trackingNumber: `TRK-${request.orderId}` };
        }),
      cancelShipment: () =>
        this.run('cancelShipment', () => {
          if (ledger.shipment === 'SCHEDULED') ledger.shipment = 'CANCELLED';
        }),
      sendConfirmation: () =>
        this.run('sendConfirmation', () => {
          ledger.notified = true;
        }),
      publishOrderEvent: (event) =>
        this.run('publishOrderEvent', () => {
          if (!this.events.some(({ id }) => id === event.id)) this.events.push(event);
        }),
    };
  }

  private async run<T>(name: ActivityName, effect: () => T): Promise<T> {
    this.calls.push(name);
    const call = (this.callCounts.get(name) ?? 0) + 1;
    this.callCounts.set(name, call);
    const fault = this.faults.get(name);
    switch (fault?.kind) {
      case undefined:
        return effect();
      case 'refuse':
        throw ApplicationFailure.create({
          type: REFUSAL_TYPES[name] ?? 'ParticipantRefused',
          message: `${name} refused`,
          nonRetryable: true,
        });
      case 'fail-transiently':
        if (call <= fault.times)
          throw ApplicationFailure.create({ message: `${name} unavailable` });
        return effect();
      case 'lose-result':
        effect();
        return neverAnswer();
      case 'lose-first-result':
        if (call === 1) {
          effect();
          return neverAnswer();
        }
        return effect();
      case 'block': {
        const result = effect();
        await this.heartbeatUntilReleased();
        return result;
      }
      case 'hold': {
        const result = effect();
        await this.released;
        return result;
      }
      case 'down':
        throw ApplicationFailure.create({
          type: 'ParticipantUnavailable',
          message: `${name} unavailable`,
          ...(fault.retryAfter === undefined
            ? {}
            : { nextRetryDelay: msToNumber(fault.retryAfter) }),
        });
    }
  }

  private async heartbeatUntilReleased(): Promise<void> {
    const gate = { open: false };
    void this.released.then(() => (gate.open = true));
    while (!gate.open) {
      heartbeat();
      // Rejects with a CancelledFailure once the workflow cancels the activity.
      await Promise.race([sleep(20), Context.current().cancelled]);
    }
  }
}

/**
 * The attempt never answers: it times out, as after a crash or a lost response. A local activity
 * cannot complete asynchronously, so it waits until its timeout cancels it.
 */
async function neverAnswer(): Promise<never> {
  const { isLocal, startToCloseTimeoutMs } = activityInfo();
  if (isLocal) await sleep(startToCloseTimeoutMs * 2);
  throw new CompleteAsyncError();
}
