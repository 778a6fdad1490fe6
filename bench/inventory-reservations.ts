// Reservations per second the inventory service sustains on PostgreSQL, and their latency:
// `npm run bench:inventory -- --requests 2000 --concurrency 32`. Two loads: orders spread over
// the catalog, and every order on one SKU (the row lock every reservation of it waits for).
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInventoryService } from '../apps/inventory/index.js';
import { startEmbeddedPostgres } from '../lib/embedded-postgres/index.js';
import { createLogger } from '../lib/logging/index.js';
import { intArgument, percentiles, runConcurrently } from './stats.js';

const requests = intArgument('requests', 1000);
const concurrency = intArgument('concurrency', 32);
const SPREAD = ['SKU-001', 'SKU-002', 'SKU-003', 'SKU-004'];

const dir = await mkdtemp(join(tmpdir(), 'bench-inventory-'));
await chmod(dir, 0o755); // as root, PostgreSQL runs as another user that must enter it
const postgres = await startEmbeddedPostgres({
  dataDir: join(dir, 'data'),
  databases: ['inventory'],
  durable: false,
});
const service = await startInventoryService({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: postgres.databaseUrl('inventory'),
  databasePoolSize: concurrency,
  logger: createLogger('inventory', 'error'),
});

async function load(name: string, skuFor: (index: number) => string) {
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  await runConcurrently(requests, concurrency, async (index) => {
    const begin = performance.now();
    const response = await fetch(`${service.url}/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ orderId: randomUUID(), items: [{ sku: skuFor(index), quantity: 1 }] }),
    });
    await response.arrayBuffer();
    if (response.status !== 201) refused += 1;
    latencies.push(performance.now() - begin);
  });
  const seconds = (performance.now() - started) / 1000;
  const { p50, p95, p99 } = percentiles(latencies);
  return {
    load: name,
    'reservations/s': Math.round(requests / seconds),
    'p50 ms': p50.toFixed(1),
    'p95 ms': p95.toFixed(1),
    'p99 ms': p99.toFixed(1),
    'not 201': refused,
  };
}

try {
  const results = [
    await load('spread over 4 SKUs', (index) => SPREAD[index % SPREAD.length] ?? 'SKU-001'),
    await load('one hot SKU', () => 'SKU-004'),
  ];
  console.log(`inventory reservations: ${requests} per load, ${concurrency} at a time, over HTTP`);
  console.table(results);
} finally {
  await service.close();
  await postgres.stop();
  await rm(dir, { recursive: true, force: true });
}
