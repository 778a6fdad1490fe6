import { describe, expect, it } from '@jest/globals';
import { toOrderError } from '../../apps/api/temporal/temporal-errors.js';
import { OrdersUnavailable } from '../../apps/api/orders/order-errors.js';

/** What the client raises for a failed gRPC call. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

const STATE = { operation: 'state', orderId: 'ord_1' } as const;

describe('Temporal failures of a state query', () => {
  it('answer 503 while the workflow task keeps failing (a bad deploy), not 500', () => {
    const error = grpcError(9, 'Workflow Task in failed state.');
    expect(toOrderError(error, STATE)).toBeInstanceOf(OrdersUnavailable);
  });

  it('leave a failed precondition of another call to the caller', () => {
    const error = grpcError(9, 'something else');
    expect(toOrderError(error, { operation: 'cancel', orderId: 'ord_1' })).toBe(error);
  });
});
