export { createLogger, type Logger } from './logger.js';
export { TemporalPinoLogger } from './temporal-logger.js';
