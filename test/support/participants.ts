import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { LevelWithSilent } from 'pino';
import { startInventoryService, type InventoryServiceOptions } from '../../apps/inventory/index.js';
import type { Product } from '../../apps/inventory/products.repository.js';
import { startPaymentService, type PaymentServiceOptions } from '../../apps/payment/index.js';
import { startShippingService, type ShippingServiceOptions } from '../../apps/shipping/index.js';
import type { ProblemDocument } from '../../lib/nest/index.js';
import type { RunningParticipantService } from '../../lib/participant/index.js';

/** The seeded SKU with 5 units, for oversell tests. */
export const SCARCE_SKU = 'SKU-SCARCE';
export const SCARCE_STOCK = 5;

export interface TestService {
  url: string;
  databaseUrl: string;
  /** Stops the service and drops its database. */
  close(): Promise<void>;
}

/** Loopback, a free port, quiet logs (set TEST_LOG_LEVEL to see them). */
export const IN_PROCESS = {
  host: '127.0.0.1',
  port: 0,
  logLevel: (process.env.TEST_LOG_LEVEL ?? 'silent') as LevelWithSilent,
};

export function startTestInventory(options: InventoryServiceOptions = {}): Promise<TestService> {
  return withFreshDatabase('inventory', (databaseUrl) =>
    startInventoryService({ ...IN_PROCESS, databaseUrl, ...options }),
  );
}

export function startTestPayment(options: PaymentServiceOptions = {}): Promise<TestService> {
  return withFreshDatabase('payment', (databaseUrl) =>
    startPaymentService({ ...IN_PROCESS, databaseUrl, ...options }),
  );
}

export function startTestShipping(options: ShippingServiceOptions = {}): Promise<TestService> {
  return withFreshDatabase('shipping', (databaseUrl) =>
    startShippingService({ ...IN_PROCESS, databaseUrl, ...options }),
  );
}

/** Each test file gets its own databases, so files can run in parallel. */
async function withFreshDatabase(
  label: string,
  start: (databaseUrl: string) => Promise<RunningParticipantService>,
): Promise<TestService> {
  const database = await createTestDatabase(label);
  try {
    const service = await start(database.url);
    return {
      url: service.url,
      databaseUrl: database.url,
      close: async () => {
        await service.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server (TEST_POSTGRES_URL, set by the global setup). */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const url = uniqueDatabaseUrl(label);
  await asAdmin((admin) =>
    admin.query(`CREATE DATABASE ${admin.escapeIdentifier(databaseName(url))}`),
  );
  return { url, drop: () => dropDatabase(url) };
}

/** A URL on the test server naming a database that does not exist yet. */
export function uniqueDatabaseUrl(label: string): string {
  const url = testServerUrl();
  url.pathname = `/test_${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  return url.toString();
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  await asAdmin((admin) =>
    admin.query(
      `DROP DATABASE IF EXISTS ${admin.escapeIdentifier(databaseName(databaseUrl))} WITH (FORCE)`,
    ),
  );
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** Runs SQL against a test database directly, e.g. to check a constraint. */
export async function withDatabase<T>(
  databaseUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Transactions still open in a service's database, e.g. one held by injected latency. */
export async function openTransactions(service: TestService): Promise<number> {
  const { rows } = await withDatabase(service.databaseUrl, (client) =>
    client.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND xact_start IS NOT NULL`,
    ),
  );
  return rows[0]?.open ?? 0;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = testServerUrl();
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/postgres';
  return withDatabase(url.toString(), work);
}

function testServerUrl(): URL {
  const value = process.env.TEST_POSTGRES_URL;
  if (!value) throw new Error('TEST_POSTGRES_URL is not set; run the tests with `npm test`.');
  return new URL(value);
}

export interface HttpResult<Body> {
  status: number;
  headers: Headers;
  /** The raw body, to compare replays byte for byte. */
  text: string;
  body: Body;
}

export type Problem = ProblemDocument;

export interface CallOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export async function call<Body = unknown>(
  service: { url: string },
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<HttpResult<Body>> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: (text === '' ? undefined : JSON.parse(text)) as Body,
  };
}

export function post<Body = unknown>(
  service: { url: string },
  path: string,
  body: unknown,
  /** null sends no Idempotency-Key header. */
  idempotencyKey: string | null = randomUUID(),
): Promise<HttpResult<Body>> {
  return call<Body>(service, 'POST', path, {
    body,
    ...(idempotencyKey === null ? {} : { idempotencyKey }),
  });
}

export function get<Body = unknown>(
  service: { url: string },
  path: string,
): Promise<HttpResult<Body>> {
  return call<Body>(service, 'GET', path);
}

export function putFaults(
  service: { url: string },
  settings: { errorRate?: number; latencyMs?: number; phase?: 'before' | 'after' },
): Promise<HttpResult<unknown>> {
  return call(service, 'PUT', '/admin/faults', { body: settings });
}

/** One product of the inventory's catalog, as `GET /products` lists it. */
export async function productOf(inventory: { url: string }, sku: string): Promise<Product> {
  const { body } = await get<Product[]>(inventory, '/products');
  const product = body.find((p) => p.sku === sku);
  if (!product) throw new Error(`${sku} is not in the catalog`);
  return product;
}

/** Resolves once an ISO-8601 instant, such as a reservation's `expiresAt`, is 50 ms past. */
export async function passed(instant: string): Promise<void> {
  const wait = Math.max(0, new Date(instant).getTime() - Date.now()) + 50;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Polls until `read` satisfies `done`; for effects that happen in the background. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
