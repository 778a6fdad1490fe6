import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A CloudEvent as the stub keeps it. */
export interface StubEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  data: { orderId: string; customerId?: string; total?: { amount: number; currency: string } };
}

interface StubSummary {
  orderId: string;
  customerId: string;
  status: string;
  total?: { amount: number; currency: string };
  createdAt: string;
  updatedAt: string;
}

export interface ReadModelStub {
  url: string;
  /** Adds events besides those of the source (a participant's, say). */
  publish(event: StubEvent): void;
  /** Requests it has answered, as `METHOD path?query`. */
  requests: string[];
  /** Stops answering: the read model is down from then on. */
  close(): Promise<void>;
}

const FINAL: Record<string, string> = {
  'checkout.order.completed': 'COMPLETED',
  'checkout.order.failed': 'FAILED',
  'checkout.order.cancelled': 'CANCELLED',
};

/**
 * Stands in for the order read model's internal HTTP API (GET /orders with filters and keyset
 * paging, GET /orders/{id}, GET /orders/{id}/events, GET /health), projecting the events that
 * `source` returns at each request: the checkout's lifecycle events, as the in-memory publisher
 * of the API harness's worker keeps them.
 */
export async function startReadModelStub(
  source: () => readonly StubEvent[] = () => [],
): Promise<ReadModelStub> {
  const extra: StubEvent[] = [];
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    requests.push(`${request.method ?? ''} ${url.pathname}${url.search}`);
    const [status, body] =
      request.method === 'GET' ? answer(url, [...source(), ...extra]) : [405, { status: 405 }];
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    publish: (event) => extra.push(event),
    requests,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      })),
  };
}

type Answer = [status: number, body: unknown];

function answer(url: URL, events: readonly StubEvent[]): Answer {
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.length === 1 && parts[0] === 'health') return [200, { status: 'UP' }];
  if (parts[0] !== 'orders') return [404, { code: 'NOT_FOUND' }];
  const orders = project(events);
  if (parts.length === 1) return list(orders, url.searchParams);
  const order = orders.find(({ orderId }) => orderId === parts[1]);
  if (!order) return [404, { code: 'ORDER_NOT_FOUND' }];
  if (parts.length === 2) return [200, order];
  return [200, { events: events.filter(({ data }) => data.orderId === order.orderId) }];
}

function project(events: readonly StubEvent[]): StubSummary[] {
  const orders = new Map<string, StubSummary>();
  for (const event of events) {
    const { orderId, customerId, total } = event.data;
    const order = orders.get(orderId);
    if (event.type === 'checkout.order.placed' && customerId !== undefined) {
      orders.set(orderId, {
        orderId,
        customerId,
        status: order?.status ?? 'PENDING',
        ...(order?.total ? { total: order.total } : {}),
        createdAt: event.time,
        updatedAt: order?.updatedAt ?? event.time,
      });
      continue;
    }
    if (!order) continue;
    const status = FINAL[event.type];
    if (status !== undefined) order.status = status;
    if (total !== undefined) order.total = total;
    if (event.time > order.updatedAt) order.updatedAt = event.time;
  }
  return [...orders.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.orderId.localeCompare(a.orderId),
  );
}

function list(orders: StubSummary[], query: URLSearchParams): Answer {
  const pageSize = Number(query.get('pageSize') ?? '20');
  const customerId = query.get('customerId');
  const status = query.get('status');
  const token = query.get('pageToken');
  let after: [string, string] | undefined;
  if (token !== null) {
    after = decodeToken(token);
    if (!after) {
      return [
        400,
        {
          code: 'VALIDATION_FAILED',
          errors: [{ field: 'pageToken', message: 'must be the nextPageToken of a previous page' }],
        },
      ];
    }
  }
  const matching = orders.filter(
    (order) =>
      (customerId === null || order.customerId === customerId) &&
      (status === null || order.status === status) &&
      (!after ||
        order.createdAt < after[0] ||
        (order.createdAt === after[0] && order.orderId < after[1])),
  );
  const page = matching.slice(0, pageSize);
  const last = page.at(-1);
  return [
    200,
    {
      orders: page,
      nextPageToken:
        matching.length > pageSize && last ? encodeToken([last.createdAt, last.orderId]) : null,
    },
  ];
}

function encodeToken(cursor: [string, string]): string {
  const body = Buffer.from(JSON.stringify(cursor)).toString('base64url');
  return `${body}.${checksum(body)}`;
}

function decodeToken(token: string): [string, string] | undefined {
  const [body = '', sum] = token.split('.');
  if (sum !== checksum(body)) return undefined;
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [string, string];
}

function checksum(body: string): string {
  return createHash('sha256').update(`stub:${body}`).digest('base64url').slice(0, 12);
}
