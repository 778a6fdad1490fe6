import type { CheckoutInput } from '../../../workflows/checkout/order.js';
import { SAMPLE_ADDRESS } from '../../support/sample-address.js';

let sequence = 0;

/** A valid checkout input with a fresh order id; override any field. */
export function sampleOrder(overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  sequence += 1;
  return {
    orderId: `test-${process.pid}-${sequence}`,
    customerId: 'cus_123',
    items: [
      { sku: 'SKU-001', quantity: 2 },
      { sku: 'SKU-002', quantity: 1 },
    ],
    paymentToken: 'tok_visa',
    shippingAddress: SAMPLE_ADDRESS,
    ...overrides,
  };
}
