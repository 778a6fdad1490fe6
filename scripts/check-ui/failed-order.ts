// A declined card: the order fails at chargePayment after its reservation, so the Web UI shows
// the steps and the compensation that released the stock.
import { randomUUID } from 'node:crypto';

import { workflowIdOf } from '../../apps/api/temporal/workflow-ids.js';
import type { CheckoutStack } from './checkout-stack.js';

const FINAL_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'];

export interface PlacedOrder {
  orderId: string;
  workflowId: string;
  status: string;
}

export async function runDeclinedOrder(
  stack: CheckoutStack,
  timeoutMs = 60_000,
): Promise<PlacedOrder> {
  const customerId = `cus_ui${randomUUID().slice(0, 6)}`;
  const headers = {
    authorization: `Bearer ${await stack.customerToken(customerId)}`,
    'content-type': 'application/json',
  };
  const placed = await fetch(`${stack.apiUrl}/orders`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      items: [{ sku: 'SKU-001', quantity: 1 }],
      paymentToken: 'tok_chargeDeclined',
      shippingAddress: {
        name: 'Ada Lovelace',
        line1: '1 Main Street',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    }),
  });
  const body = (await placed.json()) as { orderId?: string };
  if (![201, 202].includes(placed.status) || body.orderId === undefined) {
    throw new Error(`POST /orders answered ${String(placed.status)}: ${JSON.stringify(body)}`);
  }
  const { orderId } = body;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${stack.apiUrl}/orders/${orderId}`, { headers });
    const state = (await response.json()) as { status?: string };
    if (state.status !== undefined && FINAL_STATUSES.includes(state.status)) {
      return { orderId, workflowId: workflowIdOf(orderId), status: state.status };
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Order ${orderId} is still ${String(state.status)} after ${timeoutMs / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
