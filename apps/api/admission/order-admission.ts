import { ProblemException } from '../../../lib/nest/index.js';
import type { CheckoutLoad } from '../checkout-load/checkout-load.js';

export interface AdmissionLimits {
  /** Orders being placed at once, all customers together. */
  maxInFlight: number;
  /** Orders being placed at once for one customer. */
  maxInFlightPerCustomer: number;
  /**
   * How far behind (ms: the age of the oldest workflow task waiting for a worker) the checkout
   * may be and still take new orders; 0 takes them however far behind it is.
   */
  maxBacklogAgeMs: number;
  /**
   * Checkouts this process is placing or started that have not closed yet, from which new orders
   * wait; 0 takes them however many run. The sagas admitted then go through at full speed instead
   * of queueing inside Temporal.
   */
  maxActiveOrders: number;
  /** The shortest wait a refused caller is told (Retry-After), in seconds. */
  retryAfterSeconds: number;
  /**
   * Up to this many whole seconds, drawn at random, are added to each refusal's wait, so that the
   * callers refused together do not all come back together; 0 tells every one the same.
   */
  retryAfterSpreadSeconds: number;
}

/** Over an admission limit: 429, with the seconds to wait for the Retry-After header. */
export class AdmissionRefused extends ProblemException {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'TOO_MANY_ORDERS', detail);
  }
}

/** Hears of each refusal, e.g. to count it. */
export interface AdmissionObserver {
  /** `retryAfterSeconds`: when the refused caller was told to come back. */
  refused(limit: AdmissionLimit, retryAfterSeconds: number): void;
}

/** Which limit refused an order. */
export type AdmissionLimit = 'overall' | 'customer' | 'backlog' | 'active_orders';

/** Gives the slot back; calling it again does nothing. */
export type AdmissionSlot = () => void;

/**
 * Refuses an order at once, instead of queueing it, when:
 * - this process is placing too many (from admission until POST /orders answers), overall or
 *   for the customer;
 * - the checkouts this process started and that have not closed are too many;
 * - the checkout's task queue backlog, the same for every API process, is too old.
 * With several API replicas the first two apply to each. The last two keep the sagas' own queue
 * inside Temporal short, so that the orders admitted go through at full speed while the callers
 * come back after Retry-After.
 */
export class OrderAdmission {
  private inFlight = 0;
  private readonly perCustomer = new Map<string, number>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly checkout?: CheckoutLoad,
    private readonly observer?: AdmissionObserver,
    /** Uniform in [0, 1), as Math.random. */
    private readonly random: () => number = Math.random,
  ) {}

  /** A slot for the customer's order, or AdmissionRefused when a limit is reached. */
  admit(customerId: string): AdmissionSlot {
    this.refuseWhileBusy();
    const customerInFlight = this.perCustomer.get(customerId) ?? 0;
    if (this.inFlight >= this.limits.maxInFlight) {
      throw this.refusal(
        'overall',
        'Too many orders are being placed right now; retry after the Retry-After delay',
      );
    }
    if (customerInFlight >= this.limits.maxInFlightPerCustomer) {
      throw this.refusal(
        'customer',
        `You have ${customerInFlight} orders being placed already; retry once they are answered`,
      );
    }
    this.inFlight += 1;
    this.perCustomer.set(customerId, customerInFlight + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(customerId);
    };
  }

  private refuseWhileBusy(): void {
    const { maxBacklogAgeMs, maxActiveOrders } = this.limits;
    const checkout = this.checkout;
    if (checkout === undefined || (maxBacklogAgeMs === 0 && maxActiveOrders === 0)) return;
    // Refused orders keep the readings going too, or the refusals would outlast the load.
    checkout.orderPosted();
    // The orders admitted before count from the moment they were handed on, in the same tick.
    const activeOrders = checkout.activeOrders();
    if (maxActiveOrders > 0 && activeOrders >= maxActiveOrders) {
      throw this.refusal(
        'active_orders',
        `The checkout is busy with ${activeOrders} orders; retry after the Retry-After delay`,
      );
    }
    const backlogAgeMs = checkout.backlogAgeMs();
    if (maxBacklogAgeMs > 0 && backlogAgeMs >= maxBacklogAgeMs) {
      throw this.refusal(
        'backlog',
        `The checkout is ${(backlogAgeMs / 1000).toFixed(1)} s behind with the orders already ` +
          'placed; retry after the Retry-After delay',
      );
    }
  }

  /** The refusal by `limit`, told to the observer, with a Retry-After drawn over the spread. */
  private refusal(limit: AdmissionLimit, detail: string): AdmissionRefused {
    const { retryAfterSeconds, retryAfterSpreadSeconds } = this.limits;
    const wait = retryAfterSeconds + Math.floor(this.random() * (retryAfterSpreadSeconds + 1));
    this.observer?.refused(limit, wait);
    return new AdmissionRefused(detail, wait);
  }

  /** Orders being placed now: overall, and for the customer. */
  load(customerId?: string): { inFlight: number; customerInFlight: number } {
    return {
      inFlight: this.inFlight,
      customerInFlight: customerId === undefined ? 0 : (this.perCustomer.get(customerId) ?? 0),
    };
  }

  private release(customerId: string): void {
    this.inFlight -= 1;
    const left = (this.perCustomer.get(customerId) ?? 1) - 1;
    if (left <= 0) this.perCustomer.delete(customerId);
    else this.perCustomer.set(customerId, left);
  }
}
