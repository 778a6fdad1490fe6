import 'reflect-metadata';
import { runMain } from '../../lib/process/run-main.js';
import { loadPaymentConfig } from './payment-env.js';
import { startPaymentService } from './start-payment-service.js';

runMain('payment', () => startPaymentService(loadPaymentConfig()));
