import type { Sql } from '../../../lib/participant/index.js';
import type { PageCursor } from './page-token.js';

export interface OrderSummary {
  orderId: string;
  customerId: string;
  status: string;
  total?: { amount: number; currency: string };
  createdAt: string;
  updatedAt: string;
}

export interface OrderListFilter {
  customerId?: string;
  status?: string;
  pageSize: number;
  after?: PageCursor;
}

export interface OrderListPage {
  orders: OrderSummary[];
  /** Where the next page starts; undefined on the last page. */
  next?: PageCursor;
}

interface OrderRow {
  order_id: string;
  customer_id: string;
  status: string;
  total_amount: string | null;
  currency: string | null;
  created_at: Date;
  updated_at: Date;
  created_at_micros: string;
}

const SUMMARY_COLUMNS = `order_id, customer_id, status, total_amount, currency, created_at, updated_at,
  (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_at_micros`;

/** The reads of the HTTP API. An order shows once its customer is known (its placed event). */
export class OrdersRepository {
  constructor(private readonly sql: Sql) {}

  /** Newest first (created_at, then order id, descending), one page past `after`. */
  async list(filter: OrderListFilter): Promise<OrderListPage> {
    const conditions = ['customer_id IS NOT NULL'];
    const values: unknown[] = [];
    const bind = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    if (filter.customerId !== undefined)
      conditions.push(`customer_id = ${bind(filter.customerId)}`);
    if (filter.status !== undefined) conditions.push(`status = ${bind(filter.status)}`);
    if (filter.after) {
      const createdAt = `(timestamptz 'epoch' + ${bind(filter.after.createdAtMicros)}::bigint * interval '1 microsecond')`;
      conditions.push(`(created_at, order_id) < (${createdAt}, ${bind(filter.after.orderId)})`);
    }
    const { rows } = await this.sql.query<OrderRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM orders
        WHERE ${conditions.join(' AND ')}
        ORDER BY created_at DESC, order_id DESC
        LIMIT ${bind(filter.pageSize + 1)}`,
      values,
    );
    const page = rows.slice(0, filter.pageSize);
    const last = page.at(-1);
    return {
      orders: page.map(toSummary),
      ...(rows.length > filter.pageSize && last
        ? { next: { createdAtMicros: last.created_at_micros, orderId: last.order_id } }
        : {}),
    };
  }

  async find(orderId: string): Promise<OrderSummary | undefined> {
    const { rows } = await this.sql.query<OrderRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM orders WHERE order_id = $1 AND customer_id IS NOT NULL`,
      [orderId],
    );
    return rows[0] && toSummary(rows[0]);
  }

  /** The order's events as published, by event time then arrival; undefined when it has none. */
  async events(orderId: string): Promise<unknown[] | undefined> {
    const { rows } = await this.sql.query<{ payload: unknown }>(
      `SELECT payload FROM order_events WHERE order_id = $1 ORDER BY time, arrival_seq`,
      [orderId],
    );
    return rows.length === 0 ? undefined : rows.map((row) => row.payload);
  }
}

function toSummary(row: OrderRow): OrderSummary {
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    ...(row.total_amount !== null && row.currency !== null
      ? { total: { amount: Number(row.total_amount), currency: row.currency } }
      : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
