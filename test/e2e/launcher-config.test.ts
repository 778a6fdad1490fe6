// What npm start refuses before it starts anything: ports in use, a bad configuration.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { loadLauncherConfig } from '../../apps/launcher/launcher-env.js';
import { assertPortsAvailable, PortsUnavailableError } from '../../apps/launcher/port-check.js';
import { REGISTRY_FILE } from '../../apps/launcher/process-registry.js';
import { ConfigurationError } from '../../lib/config/index.js';
import {
  createDataDir,
  freeStackPorts,
  launcherEnv,
  removeDataDir,
  runLauncher,
  type StackPorts,
} from '../support/e2e-stack.js';

async function occupy(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer();
  server.listen({ port, host });
  await once(server, 'listening');
  return server;
}

describe('npm start with a port in use', () => {
  let dataDir: string;
  let ports: StackPorts;
  let occupied: Server[];

  beforeEach(async () => {
    dataDir = await createDataDir();
    ports = await freeStackPorts();
    occupied = [];
  });

  afterEach(async () => {
    await Promise.all(occupied.map((server) => new Promise((resolve) => server.close(resolve))));
    await removeDataDir(dataDir);
  });

  it('names each busy port, what it is for and its variable, and starts nothing', async () => {
    occupied.push(await occupy(ports.API_PORT), await occupy(ports.TEMPORAL_UI_PORT));

    const { code, output } = await runLauncher(
      launcherEnv({ ...ports, LAUNCHER_DATA_DIR: dataDir }),
    );

    expect(code).toBe(1);
    expect(output).toContain(`port ${ports.API_PORT} (the API, API_PORT) is already in use`);
    expect(output).toContain(
      `port ${ports.TEMPORAL_UI_PORT} (the Temporal Web UI, TEMPORAL_UI_PORT) is already in use`,
    );
    expect(output).not.toContain(`port ${ports.INVENTORY_PORT}`);
    expect(existsSync(join(dataDir, 'logs'))).toBe(false);
    expect(existsSync(join(dataDir, REGISTRY_FILE))).toBe(false);
  }, 60_000);

  it('reports a port taken on another interface than the one it would use', async () => {
    occupied.push(await occupy(ports.SHIPPING_PORT, '0.0.0.0'));
    const config = loadLauncherConfig({ ...launcherEnv({ ...ports }), LAUNCHER_DATA_DIR: dataDir });

    const check = assertPortsAvailable(config.plannedPorts);

    await expect(check).rejects.toBeInstanceOf(PortsUnavailableError);
    await expect(check).rejects.toThrow(
      `port ${ports.SHIPPING_PORT} (the shipping service, SHIPPING_PORT) is already in use`,
    );
  });

  it('checks only the ports of the parts it starts: none for an external Temporal', async () => {
    occupied.push(await occupy(ports.TEMPORAL_PORT), await occupy(ports.TEMPORAL_UI_PORT));
    const config = loadLauncherConfig({
      ...launcherEnv({ ...ports }),
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.TEMPORAL_PORT}`,
    });

    await expect(assertPortsAvailable(config.plannedPorts)).resolves.toBeUndefined();
  });
});

describe('the launcher configuration', () => {
  const load = (env: Record<string, string>) => () => loadLauncherConfig(env);

  it('defaults to the documented ports, the dev server and the embedded PostgreSQL in .data', () => {
    const config = loadLauncherConfig({});

    expect(config.ports).toEqual({
      api: 3000,
      inventory: 3001,
      payment: 3002,
      shipping: 3003,
      workerMetrics: 9464,
    });
    expect(config.temporal).toMatchObject({
      kind: 'dev-server',
      port: 7233,
      uiPort: 8233,
      connection: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'checkout' },
    });
    expect(config.temporal.kind === 'dev-server' && config.temporal.dbFile).toBe(
      join(config.root, '.data', 'temporal', 'temporal.db'),
    );
    expect(config.postgres).toEqual({
      kind: 'embedded',
      port: 5433,
      dataDir: join(config.root, '.data', 'postgres'),
      databases: ['inventory', 'payment', 'shipping'],
    });
    expect(config.logsDir).toBe(join(config.root, '.data', 'logs'));
  });

  it('points the parts at external servers instead of starting them', () => {
    const config = loadLauncherConfig({
      TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'my-ns.a1b2c',
      TEMPORAL_API_KEY: 'secret',
      POSTGRES_URL: 'postgres://app:pw@db.internal:5432/postgres',
      SHIPPING_DATABASE_URL: 'postgres://ship:pw@other:5432/ship',
    });

    expect(config.temporal).toMatchObject({
      kind: 'external',
      connection: { address: 'my-ns.a1b2c.tmprl.cloud:7233', namespace: 'my-ns.a1b2c' },
    });
    expect(config.postgres).toEqual({ kind: 'external' });
    expect(config.databaseUrls).toEqual({
      inventory: 'postgres://app:pw@db.internal:5432/inventory',
      payment: 'postgres://app:pw@db.internal:5432/payment',
      shipping: 'postgres://ship:pw@other:5432/ship',
    });
    expect(config.plannedPorts.map(({ variable }) => variable)).toEqual([
      'INVENTORY_PORT',
      'PAYMENT_PORT',
      'SHIPPING_PORT',
      'WORKER_METRICS_PORT',
      'API_PORT',
    ]);
  });

  it('runs the embedded PostgreSQL only for the services without a database URL', () => {
    const config = loadLauncherConfig({ PAYMENT_DATABASE_URL: 'postgres://p:p@db:5432/payment' });

    expect(config.postgres).toMatchObject({
      kind: 'embedded',
      databases: ['inventory', 'shipping'],
    });
  });

  it('names each bad variable', () => {
    expect(load({ API_PORT: 'http' })).toThrow(ConfigurationError);
    expect(load({ API_PORT: '70000' })).toThrow(/API_PORT/);
    expect(load({ POSTGRES_URL: 'mysql://db/x' })).toThrow(
      /POSTGRES_URL: must be a postgres:\/\/ URL/,
    );
    expect(load({ TEMPORAL_ADDRESS: 'no-port' })).toThrow(/TEMPORAL_ADDRESS: must be host:port/);
  });

  it('refuses two parts on one port, and credentials without an external Temporal', () => {
    expect(load({ PAYMENT_PORT: '3001' })).toThrow(
      /PAYMENT_PORT: 3001 is also INVENTORY_PORT; each part needs a port of its own/,
    );
    expect(load({ TEMPORAL_API_KEY: 'secret' })).toThrow(
      /TEMPORAL_API_KEY: applies to an external Temporal only: set TEMPORAL_ADDRESS too/,
    );
  });
});
