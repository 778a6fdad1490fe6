import { pino, type Logger, type LevelWithSilent } from 'pino';
import { correlationFields } from './log-correlation.js';

export type { Logger } from 'pino';

/**
 * JSON logs on stdout, one line per event, with the process's name on every line, and the trace
 * id and order id wherever they are known (see correlationFields).
 */
export function createLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: correlationFields,
  });
}
