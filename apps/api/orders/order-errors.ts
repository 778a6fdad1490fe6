import { ProblemException } from '../../../lib/nest/index.js';

export class OrderNotFound extends ProblemException {
  constructor(orderId: string) {
    super(404, 'ORDER_NOT_FOUND', `There is no order ${orderId}`);
  }
}

export type OrderConflictCode =
  | 'ORDER_FINISHED'
  | 'ORDER_EXISTS'
  | 'CANCELLATION_REFUSED'
  | 'NO_PAYMENT_CONFIRMATION_AWAITED'
  | 'COMPENSATION_NOT_FAILING';

/** The order is in a state that refuses the request: past the pivot, or already finished. */
export class OrderConflict extends ProblemException {
  constructor(code: OrderConflictCode, detail: string) {
    super(409, code, detail);
  }
}

export class IdempotencyKeyReused extends ProblemException {
  constructor() {
    super(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request body; use a new key for a new order',
    );
  }
}

export class InvalidPageToken extends ProblemException {
  constructor() {
    super(400, 'VALIDATION_FAILED', 'The request query is invalid: pageToken', [
      { field: 'pageToken', message: 'must be the nextPageToken of a previous page' },
    ]);
  }
}

/** The workflow engine could not be reached or did not answer in time; the request may be retried. */
export class OrdersUnavailable extends ProblemException {
  /** @param cause what went wrong, for the log; the client sees only that it may retry */
  constructor(cause?: unknown) {
    super(503, 'ORDERS_UNAVAILABLE', 'Orders are unavailable for a moment; retry the request');
    this.cause = cause;
  }
}
