import { ProblemException } from '../../../lib/nest/index.js';

export interface AdmissionLimits {
  /** Orders being placed at once, all customers together. */
  maxInFlight: number;
  /** Orders being placed at once for one customer. */
  maxInFlightPerCustomer: number;
  /** What a refused caller is told to wait, in seconds. */
  retryAfterSeconds: number;
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
  refused(limit: 'overall' | 'customer'): void;
}

/** Gives the slot back; calling it again does nothing. */
export type AdmissionSlot = () => void;

/**
 * Counts the orders this process is placing (from admission until POST /orders answers) and
 * refuses one more over a limit at once, instead of queueing it: under a flash sale the callers
 * come back after Retry-After while the orders already admitted go through at full speed. The
 * counts are per process; with several API replicas the limits apply to each.
 */
export class OrderAdmission {
  private inFlight = 0;
  private readonly perCustomer = new Map<string, number>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly observer?: AdmissionObserver,
  ) {}

  /** A slot for the customer's order, or AdmissionRefused when a limit is reached. */
  admit(customerId: string): AdmissionSlot {
    const customerInFlight = this.perCustomer.get(customerId) ?? 0;
    if (this.inFlight >= this.limits.maxInFlight) {
      this.observer?.refused('overall');
      throw new AdmissionRefused(
        'Too many orders are being placed right now; retry after the Retry-After delay',
        this.limits.retryAfterSeconds,
      );
    }
    if (customerInFlight >= this.limits.maxInFlightPerCustomer) {
      this.observer?.refused('customer');
      throw new AdmissionRefused(
        `You have ${customerInFlight} orders being placed already; retry once they are answered`,
        this.limits.retryAfterSeconds,
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
