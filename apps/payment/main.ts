import 'reflect-metadata';
import { runServiceMain } from '../../lib/participant/index.js';
import { loadPaymentConfig } from './payment-env.js';
import { startPaymentService } from './start-payment-service.js';

runServiceMain('payment', () => startPaymentService(loadPaymentConfig()));
