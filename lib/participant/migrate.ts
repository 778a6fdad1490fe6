import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging/index.js';
import { runMigrations } from '../migrations/index.js';

/** Schema owned by the shared participant machinery (the idempotency keys, the event outbox). */
const SHARED_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies the shared migrations, then the service's own, each tracked in its own table. */
export async function migrate(options: {
  databaseUrl: string;
  dir: string;
  logger: Logger;
}): Promise<void> {
  const sets = [
    { dir: SHARED_MIGRATIONS, migrationsTable: 'participant_migrations' },
    { dir: options.dir, migrationsTable: 'service_migrations' },
  ];
  for (const set of sets) {
    await runMigrations(options.databaseUrl, set, options.logger);
  }
}
