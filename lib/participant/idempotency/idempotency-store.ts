import type { Sql } from '../database.js';

/** A response exactly as first sent: replays repeat these bytes. */
export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface StoredKey {
  fingerprint: string;
  response: StoredResponse | undefined;
}

/**
 * Inserts the key. When another transaction holds the same key, the insert waits for it to end:
 * false once it committed (the key is taken), true if it rolled back (the key is ours).
 */
export async function claimKey(sql: Sql, key: string, fingerprint: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `INSERT INTO idempotency_keys (key, fingerprint) VALUES ($1, $2)
     ON CONFLICT (key) DO NOTHING`,
    [key, fingerprint],
  );
  return rowCount === 1;
}

export async function readKey(sql: Sql, key: string): Promise<StoredKey | undefined> {
  const { rows } = await sql.query<{
    fingerprint: string;
    response_status: number | null;
    response_content_type: string | null;
    response_body: string | null;
  }>(
    `SELECT fingerprint, response_status, response_content_type, response_body
       FROM idempotency_keys WHERE key = $1`,
    [key],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { response_status: status, response_content_type: contentType, response_body: body } = row;
  return {
    fingerprint: row.fingerprint,
    response:
      status !== null && contentType !== null && body !== null
        ? { status, contentType, body }
        : undefined,
  };
}

export async function saveResponse(sql: Sql, key: string, response: StoredResponse): Promise<void> {
  await sql.query(
    `UPDATE idempotency_keys
        SET response_status = $2, response_content_type = $3, response_body = $4
      WHERE key = $1`,
    [key, response.status, response.contentType, response.body],
  );
}
