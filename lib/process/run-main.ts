import { ConfigurationError } from '../config/index.js';
import { createLogger } from '../logging/index.js';

/**
 * Entry point of a process: a bad configuration or a failure of `main` is logged and ends the
 * process with exit code 1. Signals are not handled here: Nest apps and the Temporal worker own
 * their shutdown.
 */
export function runMain(name: string, main: () => Promise<unknown>): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      const logger = createLogger(name);
      if (error instanceof ConfigurationError) logger.fatal(error.message);
      else logger.fatal({ err: error }, 'Stopped on an error');
      process.exitCode = 1;
    });
}
