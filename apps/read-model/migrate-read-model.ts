import { runner } from 'node-pg-migrate';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../lib/logging/index.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies the projection's migrations; replicas starting together wait on the runner's lock. */
export async function migrateReadModel(databaseUrl: string, parent: Logger): Promise<void> {
  const logger = parent.child({ component: 'migrations' });
  const applied = await runner({
    dir: MIGRATIONS_DIR,
    migrationsTable: 'read_model_migrations',
    databaseUrl,
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
