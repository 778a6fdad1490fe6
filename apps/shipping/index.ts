export { loadShippingConfig, shippingEnv, type ShippingConfig } from './shipping-env.js';
export { startShippingService, type ShippingServiceOptions } from './start-shipping-service.js';
