import type { ShipmentRecord, ShipmentStatus } from '../../activities/adapters/ports.js';
import type { Sql } from '../../lib/participant/index.js';
import type { ShipmentRequest } from './shipment-requests.js';

export async function insertShipment(
  sql: Sql,
  shipment: ShipmentRequest & { id: string; trackingNumber: string },
): Promise<void> {
  await sql.query(
    `INSERT INTO shipments (id, order_id, status, tracking_number, address, items)
     VALUES ($1, $2, 'SCHEDULED', $3, $4, $5)`,
    [
      shipment.id,
      shipment.orderId,
      shipment.trackingNumber,
      JSON.stringify(shipment.address),
      JSON.stringify(shipment.items),
    ],
  );
}

export async function lockShipment(
  sql: Sql,
  id: string,
): Promise<{ orderId: string; status: ShipmentStatus } | undefined> {
  const { rows } = await sql.query<{ orderId: string; status: ShipmentStatus }>(
    'SELECT order_id AS "orderId", status FROM shipments WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0];
}

export async function setStatus(sql: Sql, id: string, status: ShipmentStatus): Promise<void> {
  await sql.query('UPDATE shipments SET status = $2, updated_at = now() WHERE id = $1', [
    id,
    status,
  ]);
}

export async function findByOrder(sql: Sql, orderId: string): Promise<ShipmentRecord[]> {
  const { rows } = await sql.query<ShipmentRecord>(
    `SELECT id AS "shipmentId", order_id AS "orderId", status,
            tracking_number AS "trackingNumber"
       FROM shipments WHERE order_id = $1 ORDER BY created_at, id`,
    [orderId],
  );
  return rows;
}
