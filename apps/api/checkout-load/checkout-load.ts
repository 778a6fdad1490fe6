/**
 * How busy the checkout is, as POST /orders sees it: read by admission (whether it takes the
 * order at all) and by the accept wait (whether it waits for the reservation).
 */
export abstract class CheckoutLoad {
  /** An order is being posted: keeps the background backlog readings going. */
  abstract orderPosted(): void;
  /** The age (ms) of the oldest workflow task waiting for a worker; 0 when none is known. */
  abstract backlogAgeMs(): number;
  /** The checkouts this API process is placing or started, and has not seen close yet. */
  abstract activeOrders(): number;
}
