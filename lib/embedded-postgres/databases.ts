import pg from 'pg';

import { type ServerAddress } from './connection-url.js';

const DUPLICATE_DATABASE = '42P04';

/** Creates each database that does not exist yet; safe to run concurrently. */
export async function createMissingDatabases(
  server: ServerAddress,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) {
    return;
  }
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    const existing = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = ANY($1)',
      [names],
    );
    const present = new Set(existing.rows.map((row) => row.datname));
    for (const name of names.filter((candidate) => !present.has(candidate))) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } catch (error) {
        if ((error as { code?: string }).code !== DUPLICATE_DATABASE) {
          throw error;
        }
      }
    }
  } finally {
    await client.end();
  }
}
