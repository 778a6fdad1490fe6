import type { Sql } from '../../lib/participant/index.js';

export interface Product {
  sku: string;
  name: string;
  price: number;
  available: number;
  reserved: number;
}

const PRODUCT_COLUMNS = 'sku, name, price, on_hand - reserved AS available, reserved';

export async function listProducts(sql: Sql): Promise<Product[]> {
  const { rows } = await sql.query<Product>(`SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY sku`);
  return rows;
}

export async function findProducts(sql: Sql, skus: string[]): Promise<Map<string, Product>> {
  const { rows } = await sql.query<Product>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE sku = ANY($1::text[])`,
    [skus],
  );
  return new Map(rows.map((product) => [product.sku, product]));
}

/**
 * Holds `quantity` units if that many are available and returns the catalog price; undefined
 * otherwise. The row lock makes concurrent holds of one SKU queue up, and the condition is
 * re-checked on the locked row, so a SKU is never oversold.
 */
export async function holdStock(
  sql: Sql,
  sku: string,
  quantity: number,
): Promise<number | undefined> {
  const { rows } = await sql.query<{ price: number }>(
    `UPDATE products SET reserved = reserved + $2
      WHERE sku = $1 AND on_hand - reserved >= $2
      RETURNING price`,
    [sku, quantity],
  );
  return rows[0]?.price;
}

/**
 * Gives back the stock held by these reservations; `sold` also takes the units out of the
 * warehouse (a confirmed reservation). Rows are locked in SKU order, as holds take them, so
 * concurrent transactions cannot deadlock.
 */
export async function settleHeldStock(
  sql: Sql,
  reservationIds: string[],
  { sold }: { sold: boolean },
): Promise<void> {
  await sql.query(
    `SELECT sku FROM products
      WHERE sku IN (SELECT sku FROM reservation_lines WHERE reservation_id = ANY($1::text[]))
      ORDER BY sku FOR UPDATE`,
    [reservationIds],
  );
  await sql.query(
    `UPDATE products p
        SET reserved = p.reserved - held.quantity,
            on_hand = p.on_hand - CASE WHEN $2 THEN held.quantity ELSE 0 END
       FROM (SELECT sku, sum(quantity)::int AS quantity FROM reservation_lines
              WHERE reservation_id = ANY($1::text[]) GROUP BY sku) held
      WHERE p.sku = held.sku`,
    [reservationIds, sold],
  );
}
