import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { AcceptedOrder } from '../../apps/api/orders/order-gateway.js';
import type { OrderRequest } from '../../apps/api/orders/order-request.schema.js';
import type { OrderStatus } from '../../workflows/checkout/order.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import { eventually, type ApiClient } from './api-http.js';
import { SAMPLE_ADDRESS } from './sample-address.js';

/** A customer of its own, so that a test's orders are easy to find in visibility. */
export function newCustomerId(): string {
  return `cus_${randomUUID().slice(0, 8)}`;
}

/**
 * A valid POST /orders body: 2 × SKU-001 paid with tok_visa, shipped to the US, for the customer
 * whose token sends it.
 */
export function orderRequest(overrides: Partial<OrderRequest> = {}): OrderRequest {
  return {
    items: [{ sku: 'SKU-001', quantity: 2 }],
    paymentToken: 'tok_visa',
    shippingAddress: SAMPLE_ADDRESS,
    ...overrides,
  };
}

/**
 * POST /orders as the customer, expecting it to be placed: 201 with the settled state, or 202
 * when the reservation took longer than the API waits. Either way, the order's id and status.
 */
export async function placeOrder(
  customer: ApiClient,
  request: OrderRequest = orderRequest(),
  headers: Record<string, string> = {},
): Promise<AcceptedOrder> {
  const response = await customer.post<AcceptedOrder | OrderState>('/orders', request, headers);
  expect([201, 202]).toContain(response.status);
  const { orderId, status } = response.body;
  return { orderId, status };
}

/** Polls GET /orders/{orderId} until the order reaches the status. */
export function orderReaching(
  api: ApiClient,
  orderId: string,
  status: OrderStatus,
): Promise<OrderState> {
  return eventually(async () => {
    const response = await api.get<OrderState>(`/orders/${orderId}`);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe(status);
    return response.body;
  });
}
