import pg from 'pg';
import type { Logger } from '../logging/index.js';

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
/** What a CREATE DATABASE racing another one for the same name reports instead. */
const UNIQUE_VIOLATION = '23505';

/**
 * Creates the service's database when the server does not have it yet, so one PostgreSQL server
 * (embedded, docker-compose) needs no init script per service. A user without CREATEDB only gets
 * the original "does not exist" error.
 */
export async function ensureDatabase(databaseUrl: string, logger: Logger): Promise<void> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: unknown }).code !== INVALID_CATALOG_NAME) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }

  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    logger.info({ database: name }, 'Created database');
  } catch (error) {
    // Another replica created it first.
    const { code } = error as { code?: unknown };
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) throw error;
  } finally {
    await admin.end();
  }
}
