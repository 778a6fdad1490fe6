import 'reflect-metadata';
import { runServiceMain } from '../../lib/participant/index.js';
import { loadShippingConfig } from './shipping-env.js';
import { startShippingService } from './start-shipping-service.js';

runServiceMain('shipping', () => startShippingService(loadShippingConfig()));
