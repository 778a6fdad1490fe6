import { runner } from 'node-pg-migrate';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging/index.js';

/** Schema owned by the shared participant machinery (the idempotency keys). */
const SHARED_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies the shared migrations, then the service's own, each tracked in its own table. The
 * runner holds an advisory lock and waits for it, so replicas starting together migrate once.
 */
export async function migrate(options: {
  databaseUrl: string;
  dir: string;
  logger: Logger;
}): Promise<void> {
  const logger = options.logger.child({ component: 'migrations' });
  const steps = [
    { dir: SHARED_MIGRATIONS, migrationsTable: 'participant_migrations' },
    { dir: options.dir, migrationsTable: 'service_migrations' },
  ];
  for (const step of steps) {
    const applied = await runner({
      ...step,
      databaseUrl: options.databaseUrl,
      direction: 'up',
      singleTransaction: true,
      advisoryLockMode: 'wait',
      logger: {
        debug: (message: string) => {
          logger.debug(message);
        },
        info: (message: string) => {
          logger.debug(message);
        },
        warn: (message: string) => {
          logger.warn(message);
        },
        error: (message: string) => {
          logger.error(message);
        },
      },
    });
    if (applied.length > 0) {
      logger.info({ migrations: applied.map((m) => m.name) }, 'Applied migrations');
    }
  }
}
