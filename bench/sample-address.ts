/** The shipping address of every order the benchmark places: one the shipping service accepts. */
export const BENCH_SHIPPING_ADDRESS = {
  name: 'Ada',
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
} as const;
