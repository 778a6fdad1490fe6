// What npm start refuses before it starts anything: ports in use, a bad configuration.
import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { devSecretPaths, ensureDevSecrets } from '../../apps/launcher/dev-secrets.js';
import { loadLauncherConfig, withoutExternalServers } from '../../apps/launcher/launcher-env.js';
import { DEV_SERVER_TUNING } from '../../apps/launcher/dev-server-tuning.js';
import { ProcessSpecs } from '../../apps/launcher/process-specs.js';
import { devSigningKeyPaths } from '../../lib/auth-dev/index.js';
import { parsePayloadEncryptionKeys } from '../../lib/payload-codec/index.js';
import { assertPortsAvailable, PortsUnavailableError } from '../../apps/launcher/port-check.js';
import { REGISTRY_FILE } from '../../apps/launcher/process-registry.js';
import { ConfigurationError } from '../../lib/config/index.js';
import {
  createDataDir,
  freeStackPorts,
  launcherEnv,
  removeDataDir,
  runLauncher,
  startStack,
  stillRunning,
  type StackPorts,
} from '../support/e2e-stack.js';
import { kafkaBootstrapServers } from '../support/kafka.js';

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

  it('checks the embedded Kafka’s two ports, named by their variables', async () => {
    occupied.push(await occupy(ports.KAFKA_PORT), await occupy(ports.KAFKA_CONTROLLER_PORT));
    const config = loadLauncherConfig({ ...launcherEnv({ ...ports }), LAUNCHER_DATA_DIR: dataDir });

    const check = assertPortsAvailable(config.plannedPorts);

    await expect(check).rejects.toThrow(
      `port ${ports.KAFKA_PORT} (the embedded Kafka, KAFKA_PORT) is already in use`,
    );
    await expect(check).rejects.toThrow(
      `port ${ports.KAFKA_CONTROLLER_PORT} (the embedded Kafka's controller, KAFKA_CONTROLLER_PORT) is already in use`,
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
      readModel: 3004,
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
      databases: ['inventory', 'payment', 'shipping', 'order_read_model'],
    });
    expect(config.kafka).toEqual({
      kind: 'embedded',
      port: 9092,
      controllerPort: 9093,
      dataDir: join(config.root, '.data', 'kafka'),
      bootstrapServers: '127.0.0.1:9092',
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
      KAFKA_BOOTSTRAP_SERVERS: 'kafka-1.internal:9092,kafka-2.internal:9092',
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
      order_read_model: 'postgres://app:pw@db.internal:5432/order_read_model',
    });
    expect(config.kafka).toEqual({
      kind: 'external',
      bootstrapServers: 'kafka-1.internal:9092,kafka-2.internal:9092',
    });
    expect(config.plannedPorts.map(({ variable }) => variable)).toEqual([
      'INVENTORY_PORT',
      'PAYMENT_PORT',
      'SHIPPING_PORT',
      'READ_MODEL_PORT',
      'WORKER_METRICS_PORT',
      'API_PORT',
    ]);
  });

  it('runs the embedded PostgreSQL only for the services without a database URL', () => {
    const config = loadLauncherConfig({ PAYMENT_DATABASE_URL: 'postgres://p:p@db:5432/payment' });

    expect(config.postgres).toMatchObject({
      kind: 'embedded',
      databases: ['inventory', 'shipping', 'order_read_model'],
    });
  });

  it('leaves the external servers out of the environment of a stack of its own', () => {
    const inherited = withoutExternalServers({
      KAFKA_BOOTSTRAP_SERVERS: 'kafka.internal:9092',
      READ_MODEL_DATABASE_URL: 'postgres://db/order_read_model',
      LOG_LEVEL: 'warn',
    });

    expect(inherited).toEqual({ LOG_LEVEL: 'warn' });
  });

  it('names each bad variable', () => {
    expect(load({ API_PORT: 'http' })).toThrow(ConfigurationError);
    expect(load({ API_PORT: '70000' })).toThrow(/API_PORT/);
    expect(load({ POSTGRES_URL: 'mysql://db/x' })).toThrow(
      /POSTGRES_URL: must be a postgres:\/\/ URL/,
    );
    expect(load({ TEMPORAL_ADDRESS: 'no-port' })).toThrow(/TEMPORAL_ADDRESS: must be host:port/);
    expect(load({ KAFKA_BOOTSTRAP_SERVERS: 'kafka.internal' })).toThrow(
      /KAFKA_BOOTSTRAP_SERVERS: must be a comma-separated list of host:port addresses/,
    );
    expect(load({ READ_MODEL_DATABASE_URL: 'http://db' })).toThrow(
      /READ_MODEL_DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it('refuses two parts on one port, and credentials without an external Temporal', () => {
    expect(load({ PAYMENT_PORT: '3001' })).toThrow(
      /PAYMENT_PORT: 3001 is also INVENTORY_PORT; each part needs a port of its own/,
    );
    expect(load({ KAFKA_PORT: '3004' })).toThrow(
      /READ_MODEL_PORT: 3004 is also KAFKA_PORT; each part needs a port of its own/,
    );
    expect(load({ TEMPORAL_API_KEY: 'secret' })).toThrow(
      /TEMPORAL_API_KEY: applies to an external Temporal only: set TEMPORAL_ADDRESS too/,
    );
  });
});

describe('the secrets npm start keeps in its data folder', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await createDataDir();
  });

  afterEach(async () => {
    await removeDataDir(dataDir);
  });

  it('creates the signing key, the payload keys and the webhook secret once, owner-only', async () => {
    const first = await ensureDevSecrets(dataDir);
    const second = await ensureDevSecrets(dataDir);

    expect(second).toEqual(first);
    expect(createPublicKey(first.authPublicKey).asymmetricKeyType).toBe('ec');
    expect(parsePayloadEncryptionKeys(first.payloadEncryptionKeys)).toHaveLength(1);
    expect(first.paymentWebhookSecret.length).toBeGreaterThanOrEqual(32);
    const privateFiles = [
      devSigningKeyPaths(dataDir).privateKey,
      ...Object.values(devSecretPaths(dataDir)),
    ];
    expect(privateFiles.map((file) => statSync(file).mode & 0o777)).toEqual([0o600, 0o600, 0o600]);
  });

  it('hands them to the processes; the participants listen on 127.0.0.1', async () => {
    const ports = await freeStackPorts();
    const config = loadLauncherConfig({ ...launcherEnv({ ...ports }), LAUNCHER_DATA_DIR: dataDir });
    const secrets = await ensureDevSecrets(dataDir);
    const specs = new ProcessSpecs(config, {});

    const api = specs.api(secrets).env;
    const payment = specs.service('payment', 'postgres://db/payment', secrets).env;

    expect(api).toMatchObject({
      AUTH_PUBLIC_KEY: secrets.authPublicKey,
      AUTH_ISSUER: 'checkout-saga-dev',
      AUTH_AUDIENCE: 'checkout-api',
      PAYLOAD_ENCRYPTION_KEYS: secrets.payloadEncryptionKeys,
      PAYMENT_WEBHOOK_SECRET: secrets.paymentWebhookSecret,
      CODEC_CORS_ORIGINS: `http://localhost:${ports.TEMPORAL_UI_PORT},http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`,
    });
    expect(specs.worker(secrets).env.PAYLOAD_ENCRYPTION_KEYS).toBe(secrets.payloadEncryptionKeys);
    expect(payment).toMatchObject({
      HOST: '127.0.0.1',
      PAYMENT_WEBHOOK_URL: `http://127.0.0.1:${ports.API_PORT}/webhooks/payment`,
      PAYMENT_WEBHOOK_SECRET: secrets.paymentWebhookSecret,
      PAYMENT_PUBLIC_URL: `http://127.0.0.1:${ports.PAYMENT_PORT}`,
    });
    expect(specs.service('inventory', 'postgres://db/inventory', secrets).env.HOST).toBe(
      '127.0.0.1',
    );
    const own = new ProcessSpecs(config, { AUTH_JWKS_URL: 'https://id.example/jwks' });
    expect(own.api(secrets).env.AUTH_PUBLIC_KEY).toBeUndefined();
  });

  it('points every process at Kafka, and the API at the read model on loopback', async () => {
    const ports = await freeStackPorts();
    const config = loadLauncherConfig({ ...launcherEnv({ ...ports }), LAUNCHER_DATA_DIR: dataDir });
    const secrets = await ensureDevSecrets(dataDir);
    const specs = new ProcessSpecs(config, {});
    const kafka = `127.0.0.1:${ports.KAFKA_PORT}`;

    const readModel = specs.readModel('postgres://db/order_read_model');

    expect(readModel.args).toEqual([join(config.root, 'dist', 'apps', 'read-model', 'main.js')]);
    expect(readModel.env).toMatchObject({
      PORT: String(ports.READ_MODEL_PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://db/order_read_model',
      KAFKA_BOOTSTRAP_SERVERS: kafka,
    });
    expect(specs.api(secrets).env).toMatchObject({
      READ_MODEL_URL: `http://127.0.0.1:${ports.READ_MODEL_PORT}`,
      KAFKA_BOOTSTRAP_SERVERS: kafka,
    });
    expect(specs.worker(secrets).env.KAFKA_BOOTSTRAP_SERVERS).toBe(kafka);
    for (const service of ['inventory', 'payment', 'shipping'] as const) {
      expect(specs.service(service, 'postgres://db/x', secrets).env.KAFKA_BOOTSTRAP_SERVERS).toBe(
        kafka,
      );
    }
  });

  it('runs the dev server tuned, with the codec endpoint and the search attributes', async () => {
    const ports = await freeStackPorts();
    const config = loadLauncherConfig({ ...launcherEnv({ ...ports }), LAUNCHER_DATA_DIR: dataDir });

    const { args } = new ProcessSpecs(config, {}).temporalDevServer('temporal', [
      { name: 'CompensationStuck', type: 'Bool' },
    ]);

    expect(args.join(' ')).toContain(DEV_SERVER_TUNING.join(' '));
    expect(args.join(' ')).toContain(
      `--ui-codec-endpoint http://127.0.0.1:${ports.API_PORT}/codec`,
    );
    expect(args.join(' ')).toContain('--search-attribute CompensationStuck=Bool');
  });
});

describe('npm run token', () => {
  const token = (env: Record<string, string>, ...args: string[]) =>
    promisify(execFile)(process.execPath, ['dist/scripts/token.js', ...args], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await createDataDir();
  });

  afterEach(async () => {
    await removeDataDir(dataDir);
  });

  it('prints a 12-hour token signed with the data folder’s key', async () => {
    const { authPublicKey } = await ensureDevSecrets(dataDir);

    const { stdout } = await token({ LAUNCHER_DATA_DIR: dataDir }, '--operator', 'ops_1');

    const { payload } = await jwtVerify(stdout.trim(), createPublicKey(authPublicKey), {
      issuer: 'checkout-saga-dev',
      audience: 'checkout-api',
    });
    expect(payload).toMatchObject({ sub: 'ops_1', roles: ['operator'] });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(12 * 60 * 60);
  });

  it('says to run npm start first when the folder has no key, and refuses bad arguments', async () => {
    await expect(
      token({ LAUNCHER_DATA_DIR: dataDir }, '--customer', 'cus_1'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('run npm start once') as unknown,
    });
    await ensureDevSecrets(dataDir);
    await expect(
      token({ LAUNCHER_DATA_DIR: dataDir }, '--customer', 'a', '--operator', 'b'),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('give exactly one of --customer or --operator') as unknown,
    });
    expect(await readFile(devSigningKeyPaths(dataDir).publicKey, 'utf8')).toContain(
      'BEGIN PUBLIC KEY',
    );
  });
});

describe('npm start with an external Kafka', () => {
  it('runs no broker of its own: every process uses the cluster, which gets the topics', async () => {
    const external = kafkaBootstrapServers(); // the test run's broker
    const stack = await startStack({ env: { KAFKA_BOOTSTRAP_SERVERS: external } });
    try {
      const names = stack.processes.map((process) => process.name);
      expect(names).not.toContain('kafka');
      expect(names).toEqual(expect.arrayContaining(['read-model', 'worker', 'api']));
      expect(stack.output()).toMatch(new RegExp(`Kafka +external, ${external}`));
      expect(stack.output()).toMatch(new RegExp(`Kafka +${external} \\(external\\)`));
      const health = await fetch(`http://127.0.0.1:${stack.ports.READ_MODEL_PORT}/health`);
      expect(health.ok).toBe(true);
    } finally {
      const exit = await stack.stop();
      expect(exit.code).toBe(0);
      expect(await stillRunning(stack.processes)).toEqual([]);
      await removeDataDir(stack.dataDir);
    }
  }, 300_000);
});
