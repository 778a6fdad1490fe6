import type { Database, Sql } from '../../../lib/participant/index.js';

/**
 * The consumer group of a generation of the projection: the configured one for the first, a
 * fresh one (with no committed offsets, so it starts from the beginning) after each rebuild.
 */
export function groupIdOf(baseGroupId: string, generation: number): string {
  return generation === 0 ? baseGroupId : `${baseGroupId}.rebuild-${generation}`;
}

export async function currentGeneration(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ generation: number }>(
    'SELECT generation FROM projection_generation',
  );
  return rows[0]?.generation ?? 0;
}

/**
 * Empties the projection and moves to the next generation, in one transaction: a consumer of the
 * old generation still running blocks on the lock meanwhile, and what it applies afterwards the
 * new generation's replay applies too (the event ids make it once).
 */
export async function startNextGeneration(database: Database): Promise<number> {
  return database.transaction(async (sql) => {
    await sql.query('TRUNCATE orders, order_events, rejected_events RESTART IDENTITY');
    const { rows } = await sql.query<{ generation: number }>(
      `UPDATE projection_generation SET generation = generation + 1, rebuilt_at = now()
       RETURNING generation`,
    );
    const [row] = rows;
    if (!row) throw new Error('projection_generation has no row; are the migrations applied?');
    return row.generation;
  });
}
