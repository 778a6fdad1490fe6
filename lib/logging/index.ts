export { correlationFields, type CorrelationFields } from './log-correlation.js';
export { createLogger, type Logger } from './logger.js';
export { currentOrderId, orderIdOfWorkflowId, withOrderId } from './order-context.js';
export { logRequestOrder, orderIdOfRequest } from './request-order.js';
export { TemporalPinoLogger } from './temporal-logger.js';
