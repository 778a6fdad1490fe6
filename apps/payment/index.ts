export { loadPaymentConfig, paymentEnv, type PaymentConfig } from './payment-env.js';
export { startPaymentService, type PaymentServiceOptions } from './start-payment-service.js';
