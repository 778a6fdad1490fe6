// The workflow bundle's entry point: every workflow the worker runs is exported here.
export { checkout } from './checkout/checkout.workflow.js';
