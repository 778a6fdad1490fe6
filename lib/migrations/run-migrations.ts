import { runner } from 'node-pg-migrate';
import type { Logger } from '../logging/index.js';

export interface MigrationSet {
  /** Folder of the SQL migrations. */
  dir: string;
  /** Table that records which of them ran. */
  migrationsTable: string;
}

/**
 * Applies one folder of migrations in a single transaction. The runner holds an advisory lock and
 * waits for it, so replicas starting together migrate once.
 */
export async function runMigrations(
  databaseUrl: string,
  set: MigrationSet,
  parent: Logger,
): Promise<void> {
  const logger = parent.child({ component: 'migrations' });
  const applied = await runner({
    ...set,
    databaseUrl,
    direction: 'up',
    singleTransaction: true,
    advisoryLockMode: 'wait',
    logger: {
      debug: (message: string) => {
        logger.debug(message);
      },
      // node-pg-migrate reports every file it looks at as info; the summary below is enough.
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
