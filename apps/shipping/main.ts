import 'reflect-metadata';
import { runMain } from '../../lib/process/run-main.js';
import { loadShippingConfig } from './shipping-env.js';
import { startShippingService } from './start-shipping-service.js';

runMain('shipping', () => startShippingService(loadShippingConfig()));
