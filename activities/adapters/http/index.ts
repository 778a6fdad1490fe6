export { createHttpAdapters, type HttpAdapters } from './create-http-adapters.js';
export { HttpInventoryAdapter } from './http-inventory-adapter.js';
export { HttpPaymentAdapter } from './http-payment-adapter.js';
export { HttpShippingAdapter } from './http-shipping-adapter.js';
export {
  ParticipantHttpClient,
  type ParticipantHttpClientOptions,
} from './participant-http-client.js';
