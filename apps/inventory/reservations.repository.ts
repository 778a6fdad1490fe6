import type { ReservationRecord, ReservationStatus } from '../../activities/adapters/ports.js';
import type { Sql } from '../../lib/participant/index.js';
import type { Money, PricedItem } from '../../workflows/checkout/order.js';

/** What `GET /reservations?orderId=` lists: the activities' record, with total and expiry. */
export interface ReservationRow extends ReservationRecord {
  total: Money;
  expiresAt: string;
}

export interface LockedReservation {
  orderId: string;
  status: ReservationStatus;
  /** A HELD reservation past its expiry that the sweep has not reached yet. */
  overdue: boolean;
}

export async function insertReservation(
  sql: Sql,
  reservation: { id: string; orderId: string; ttlSeconds: number; lines: PricedItem[] },
): Promise<{ expiresAt: Date }> {
  const { rows } = await sql.query<{ expires_at: Date }>(
    `INSERT INTO reservations (id, order_id, status, expires_at)
     VALUES ($1, $2, 'HELD', now() + make_interval(secs => $3))
     RETURNING expires_at`,
    [reservation.id, reservation.orderId, reservation.ttlSeconds],
  );
  const { lines } = reservation;
  await sql.query(
    `INSERT INTO reservation_lines (reservation_id, position, sku, quantity, unit_price)
     SELECT $1, line.position, line.sku, line.quantity, line.unit_price
       FROM unnest($2::int[], $3::text[], $4::int[], $5::int[])
            AS line (position, sku, quantity, unit_price)`,
    [
      reservation.id,
      lines.map((_, index) => index),
      lines.map((line) => line.sku),
      lines.map((line) => line.quantity),
      lines.map((line) => line.unitPrice),
    ],
  );
  const [row] = rows;
  if (!row) throw new Error('INSERT ... RETURNING returned no row');
  return { expiresAt: row.expires_at };
}

export async function lockReservation(
  sql: Sql,
  id: string,
): Promise<LockedReservation | undefined> {
  const { rows } = await sql.query<LockedReservation>(
    `SELECT order_id AS "orderId", status, (status = 'HELD' AND expires_at <= now()) AS overdue
       FROM reservations WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0];
}

/** A reservation by id and order: what its events name. */
export interface ReservationRef {
  id: string;
  orderId: string;
}

/** Locks up to `limit` HELD reservations past their expiry; ones locked elsewhere are skipped. */
export async function lockOverdue(sql: Sql, limit: number): Promise<ReservationRef[]> {
  const { rows } = await sql.query<ReservationRef>(
    `SELECT id, order_id AS "orderId" FROM reservations
      WHERE status = 'HELD' AND expires_at <= now()
      ORDER BY expires_at LIMIT $1
      FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function setStatus(sql: Sql, ids: string[], status: ReservationStatus): Promise<void> {
  await sql.query(
    `UPDATE reservations SET status = $2, updated_at = now() WHERE id = ANY($1::text[])`,
    [ids, status],
  );
}

export async function findByOrder(sql: Sql, orderId: string): Promise<ReservationRow[]> {
  const { rows } = await sql.query<ReservationRecord & { expiresAt: Date }>(
    `SELECT r.id AS "reservationId", r.order_id AS "orderId", r.status,
            r.expires_at AS "expiresAt",
            json_agg(json_build_object('sku', l.sku, 'quantity', l.quantity,
                                       'unitPrice', l.unit_price) ORDER BY l.position) AS lines
       FROM reservations r JOIN reservation_lines l ON l.reservation_id = r.id
      WHERE r.order_id = $1
      GROUP BY r.id
      ORDER BY r.created_at, r.id`,
    [orderId],
  );
  return rows.map((row) => ({
    ...row,
    total: totalOf(row.lines),
    expiresAt: row.expiresAt.toISOString(),
  }));
}

export function totalOf(lines: PricedItem[]): Money {
  const amount = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  return { amount, currency: 'USD' };
}
