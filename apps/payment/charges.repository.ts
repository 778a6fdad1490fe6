import type { ChargeRecord, ChargeStatus } from '../../activities/adapters/ports.js';
import type { Sql } from '../../lib/participant/index.js';
import type { ChargeRequest } from './charge-requests.js';

export interface ChargeRow extends ChargeRecord {
  currency: string;
}

export async function insertCharge(
  sql: Sql,
  charge: ChargeRequest & { id: string; status: ChargeStatus; declineCode: string | null },
): Promise<void> {
  await sql.query(
    `INSERT INTO charges (id, order_id, customer_id, amount, currency, token, status, decline_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      charge.id,
      charge.orderId,
      charge.customerId,
      charge.amount,
      charge.currency,
      charge.token,
      charge.status,
      charge.declineCode,
    ],
  );
}

export interface LockedCharge {
  orderId: string;
  status: ChargeStatus;
  amount: number;
  currency: string;
}

export async function lockCharge(sql: Sql, id: string): Promise<LockedCharge | undefined> {
  const { rows } = await sql.query<LockedCharge>(
    'SELECT order_id AS "orderId", status, amount, currency FROM charges WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0];
}

export async function setStatus(
  sql: Sql,
  id: string,
  status: Exclude<ChargeStatus, 'DECLINED'>,
): Promise<void> {
  await sql.query('UPDATE charges SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}

export async function setDeclined(sql: Sql, id: string, declineCode: string): Promise<void> {
  await sql.query(
    `UPDATE charges SET status = 'DECLINED', decline_code = $2, updated_at = now() WHERE id = $1`,
    [id, declineCode],
  );
}

/** The refunds table's unique charge_id is what makes a second refund impossible. */
export async function insertRefund(
  sql: Sql,
  refund: { id: string; chargeId: string; amount: number },
): Promise<void> {
  await sql.query('INSERT INTO refunds (id, charge_id, amount) VALUES ($1, $2, $3)', [
    refund.id,
    refund.chargeId,
    refund.amount,
  ]);
}

const CHARGE_COLUMNS = 'id AS "chargeId", order_id AS "orderId", amount, currency, status';

export async function findCharge(sql: Sql, id: string): Promise<ChargeRow | undefined> {
  const { rows } = await sql.query<ChargeRow>(
    `SELECT ${CHARGE_COLUMNS} FROM charges WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function findByOrder(sql: Sql, orderId: string): Promise<ChargeRow[]> {
  const { rows } = await sql.query<ChargeRow>(
    `SELECT ${CHARGE_COLUMNS} FROM charges WHERE order_id = $1 ORDER BY created_at, id`,
    [orderId],
  );
  return rows;
}
