import { fileURLToPath } from 'node:url';
import type { Logger } from '../../lib/logging/index.js';
import { runMigrations } from '../../lib/migrations/index.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies the projection's migrations. */
export async function migrateReadModel(databaseUrl: string, logger: Logger): Promise<void> {
  await runMigrations(
    databaseUrl,
    { dir: MIGRATIONS_DIR, migrationsTable: 'read_model_migrations' },
    logger,
  );
}
