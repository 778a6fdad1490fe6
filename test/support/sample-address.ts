import type { ShippingAddress } from '../../workflows/checkout/order.js';

/** A deliverable address for test orders (country AQ is the undeliverable one). */
export const SAMPLE_ADDRESS: ShippingAddress = {
  name: 'Ada',
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
};
