/** Token of how long POST /orders waits for the reservation to settle, in milliseconds. */
export const ORDER_ACCEPT_WAIT_MS = Symbol('OrderAcceptWaitMs');
