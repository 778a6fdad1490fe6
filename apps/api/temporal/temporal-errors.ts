import {
  isGrpcServiceError,
  QueryNotRegisteredError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ProblemException } from '../../../lib/nest/index.js';
import type { OrderStatus } from '../../../workflows/checkout/order.js';
import { MESSAGE_REFUSED } from '../../../workflows/checkout/messages.js';
import {
  InvalidPageToken,
  OrderConflict,
  OrderNotFound,
  OrdersUnavailable,
  type OrderConflictCode,
} from '../orders/order-errors.js';

export type FailedCall =
  | { operation: 'list' }
  | {
      operation:
        | 'place'
        | 'state'
        | 'cancel'
        | 'confirmPayment'
        | 'retryCompensation'
        | 'resolveCompensation'
        | 'deliverPaymentEvent';
      orderId: string;
    };

/** gRPC status codes the translation looks at. */
const GRPC = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNAVAILABLE: 14,
};

/**
 * The codes of a call that may succeed when retried: the server is down or overloaded, or the
 * call was cut short (a query is CANCELLED while no worker answers it).
 */
const UNAVAILABILITY = new Set([
  GRPC.CANCELLED,
  GRPC.DEADLINE_EXCEEDED,
  GRPC.RESOURCE_EXHAUSTED,
  GRPC.UNAVAILABLE,
]);

const REFUSALS: Partial<Record<FailedCall['operation'], OrderConflictCode>> = {
  cancel: 'CANCELLATION_REFUSED',
  confirmPayment: 'NO_PAYMENT_CONFIRMATION_AWAITED',
  retryCompensation: 'COMPENSATION_NOT_FAILING',
  resolveCompensation: 'COMPENSATION_NOT_FAILING',
};

/**
 * The one place where Temporal's errors become the API's: each known failure turns into the
 * problem its HTTP status stands for; anything else stays as it is and ends as a logged 500.
 */
export function toOrderError(error: unknown, call: FailedCall): unknown {
  if (error instanceof ProblemException) return error;
  const orderId = call.operation === 'list' ? '' : call.orderId;
  if (error instanceof WorkflowNotFoundError) return new OrderNotFound(orderId);
  if (error instanceof WorkflowExecutionAlreadyStartedError) {
    return new OrderConflict('ORDER_EXISTS', `Order ${orderId} already exists`);
  }
  const refusal = REFUSALS[call.operation];
  if (error instanceof WorkflowUpdateFailedError && isRefusal(error.cause) && refusal) {
    return new OrderConflict(refusal, error.cause.message);
  }
  const code = grpcCodeOf(error);
  if (call.operation === 'list' && code === GRPC.INVALID_ARGUMENT) return new InvalidPageToken();
  if (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    error instanceof QueryNotRegisteredError ||
    (code !== undefined && UNAVAILABILITY.has(code)) ||
    // A query to a workflow whose task keeps failing (a bad deploy) waits for the fix to roll out.
    (call.operation === 'state' && code === GRPC.FAILED_PRECONDITION)
  ) {
    return new OrdersUnavailable(error);
  }
  return error;
}

/**
 * Temporal reports an update to a closed workflow as "not found": tell a finished order (409)
 * apart from an unknown one (404).
 */
export async function toUpdateError(
  error: unknown,
  call: FailedCall & { orderId: string },
  statusOfClosedOrder: () => Promise<OrderStatus | undefined>,
): Promise<unknown> {
  if (error instanceof WorkflowNotFoundError) {
    const status = await statusOfClosedOrder();
    if (status !== undefined) {
      return new OrderConflict(
        'ORDER_FINISHED',
        `Order ${call.orderId} has finished: it is ${status}`,
      );
    }
  }
  return toOrderError(error, call);
}

function isRefusal(cause: unknown): cause is ApplicationFailure {
  return cause instanceof ApplicationFailure && cause.type === MESSAGE_REFUSED;
}

/** The gRPC status of a raw service error, or of the one a ServiceError wraps. */
function grpcCodeOf(error: unknown): number | undefined {
  if (isGrpcServiceError(error)) return error.code;
  if (error instanceof ServiceError && isGrpcServiceError(error.cause)) return error.cause.code;
  return undefined;
}
