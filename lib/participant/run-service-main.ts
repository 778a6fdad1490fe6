import { ConfigurationError } from '../config/index.js';
import { createLogger } from '../logging/index.js';

/**
 * Entry point of a service process: a bad configuration or a failed start is logged and ends
 * the process with exit code 1. Shutdown on SIGTERM/SIGINT is handled by the Nest app.
 */
export function runServiceMain(name: string, start: () => Promise<unknown>): void {
  Promise.resolve()
    .then(start)
    .catch((error: unknown) => {
      const logger = createLogger(name);
      if (error instanceof ConfigurationError) logger.fatal(error.message);
      else logger.fatal({ err: error }, 'Failed to start');
      process.exitCode = 1;
    });
}
