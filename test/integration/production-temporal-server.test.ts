// The production Temporal server of docker-compose.yml, run natively since no Docker engine runs
// here: temporal-server and temporal-sql-tool of the version the compose file pins, built from the
// Go module proxy (lib/temporal-server-binaries, resolved by the global setup), on the test
// PostgreSQL. Each step is compose's own: temporal-config/setup-schema.sh creates the databases and
// the schema; the server starts with the temporal service's environment, read through the
// server's embedded config template as the image's entrypoint runs it, and
// temporal-config/dynamic-config.yaml; temporal-config/setup-namespace.sh creates the namespace
// and the search attributes with the Temporal CLI; then the application's processes, started from
// dist/ with their compose commands and environment, complete an order on it. What only a Docker
// engine adds (the images, their entrypoints and the compose network) is in docs/deployment.md.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  TEMPORAL_SERVER_VERSION,
  type TemporalServerBinaries,
} from '../../lib/temporal-server-binaries/index.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { eventually } from '../support/participants.js';
import { prepareNativeApps, type NativeApps } from '../support/production-apps.js';
import { readComposeFile, REPO_ROOT } from '../support/production-compose.js';
import {
  cmd,
  finalStage,
  readDockerfile,
  stageEnv,
  workdir,
} from '../support/production-dockerfile.js';
import { createDeploymentSecrets, type DeploymentSecrets } from '../support/production-secrets.js';
import {
  adminToolsPath,
  postgresTarget,
  runSetupNamespace,
  runSetupSchema,
  startTemporalServer,
  temporalServerBinaries,
  type PostgresTarget,
  type StartedTemporalServer,
} from '../support/production-temporal-server.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

const run = promisify(execFile);
const compose = readComposeFile();
const dockerfile = readDockerfile();
const runtime = finalStage(dockerfile);

let workspace: string;
let binaries: TemporalServerBinaries;
let temporalCli: string;
let path: string;
let target: PostgresTarget;
let server: StartedTemporalServer | undefined;
let apps: NativeApps | undefined;
let secrets: DeploymentSecrets;

function postgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is not set: the global setup starts PostgreSQL');
  return url;
}

async function query<Row>(database: string, sql: string): Promise<Row[]> {
  const url = new URL(postgresUrl());
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** The newest version among a schema's versioned migrations (folders named v1.0, v1.1, …). */
async function newestSchemaVersion(kind: 'temporal' | 'visibility'): Promise<string> {
  const folders = await readdir(join(binaries.postgresSchemaDir, kind, 'versioned'));
  const versions = folders.map((folder) => folder.replace(/^v/, ''));
  const numeric = (version: string) => version.split('.').map(Number);
  versions.sort((a, b) => {
    const [a1 = 0, a2 = 0] = numeric(a);
    const [b1 = 0, b2 = 0] = numeric(b);
    return a1 - b1 || a2 - b2;
  });
  const newest = versions.at(-1);
  if (newest === undefined) throw new Error(`no versioned ${kind} schema`);
  return newest;
}

async function recordedSchemaVersion(database: string): Promise<string | undefined> {
  const rows = await query<{ curr_version: string }>(
    database,
    'SELECT curr_version FROM schema_version',
  );
  return rows[0]?.curr_version;
}

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(temporalCli, ['--address', server?.address ?? '', ...args], {
    timeout: 30_000,
  });
  return stdout;
}

beforeAll(async () => {
  binaries = await temporalServerBinaries();
  const resolvedCli = process.env.TEMPORAL_CLI_PATH;
  if (!resolvedCli) throw new Error('TEMPORAL_CLI_PATH is not set: the global setup resolves it');
  temporalCli = resolvedCli;
  workspace = await mkdtemp(join(tmpdir(), 'checkout-saga-production-temporal-'));
  const tools = await adminToolsPath(join(workspace, 'bin'), binaries, temporalCli);
  path = [tools, process.env.PATH ?? ''].join(delimiter);
  target = postgresTarget(postgresUrl(), randomUUID().slice(0, 8));
  secrets = await createDeploymentSecrets();
});

afterAll(async () => {
  await apps?.stopAll();
  await server?.process.stop(10_000);
  for (const database of [target.database, target.visibilityDatabase]) {
    await query('postgres', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(
      () => undefined,
    );
  }
  await rm(workspace, { recursive: true, force: true });
}, 120_000);

describe(`the production Temporal server v${TEMPORAL_SERVER_VERSION}, natively`, () => {
  it('is the version docker-compose.yml runs, for the server and the schema job', () => {
    expect(binaries.version).toBe(TEMPORAL_SERVER_VERSION);
    expect(compose.services.temporal?.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    expect(compose.services['temporal-schema']?.image).toBe(
      `temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`,
    );
  });

  it('accepts temporal-config/dynamic-config.yaml: no unknown key, no wrong type', async () => {
    const file = join(REPO_ROOT, 'temporal-config', 'dynamic-config.yaml');
    const { stdout } = await run(binaries.server, ['validate-dynamic-config', file]);
    expect(stdout.trim()).toBe(file);
  });

  it(
    'gets its databases and schema from setup-schema.sh, and a second run changes nothing',
    async () => {
      const first = await runSetupSchema(compose, target, binaries, path);
      expect(first.stdout).toContain('setup-schema: done');
      const expected = [
        await newestSchemaVersion('temporal'),
        await newestSchemaVersion('visibility'),
      ];
      const recorded = async () => [
        await recordedSchemaVersion(target.database),
        await recordedSchemaVersion(target.visibilityDatabase),
      ];
      expect(await recorded()).toEqual(expected);

      const second = await runSetupSchema(compose, target, binaries, path);
      expect(second.stdout).toContain('setup-schema: done');
      expect(await recorded()).toEqual(expected);
    },
    5 * 60_000,
  );

  it(
    'starts with compose’s environment, without the missing-authorizer warning',
    async () => {
      server = await startTemporalServer(compose, target, binaries);
      const started = server;
      const health = await eventually(
        async () => {
          if (started.process.hasExited()) {
            throw new Error(`temporal-server exited:\n${started.process.output()}`);
          }
          return cli('operator', 'cluster', 'health').catch((error: unknown) => String(error));
        },
        (output) => output.includes('SERVING'),
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
      expect(health).toContain('SERVING');
      const described = JSON.parse(await cli('operator', 'cluster', 'describe', '-o', 'json')) as {
        serverVersion?: string;
        persistenceStore?: string;
        visibilityStore?: string;
      };
      expect(described.serverVersion).toBe(TEMPORAL_SERVER_VERSION);
      expect(described.persistenceStore).toMatch(/postgres/i);
      expect(described.visibilityStore).toMatch(/postgres/i);
      // TEMPORAL_ALLOW_NO_AUTH reaches the server; LOG_LEVEL=warn would show the warning otherwise.
      expect(server.process.output()).not.toContain('--allow-no-auth` not detected');
    },
    3 * 60_000,
  );

  it(
    'gets the namespace and the search attributes from setup-namespace.sh',
    async () => {
      const result = await runSetupNamespace(compose, server?.address ?? '', path);
      expect(result.stdout).toContain('setup-namespace: done');
      const namespace = compose.services['temporal-setup']?.environment.TEMPORAL_NAMESPACE ?? '';
      const listed = await cli(
        'operator',
        'search-attribute',
        'list',
        '--namespace',
        namespace,
        '-o',
        'json',
      );
      for (const attribute of ORDER_SEARCH_ATTRIBUTES) {
        expect(listed).toContain(`"${attribute.name}"`);
      }
    },
    5 * 60_000,
  );

  it(
    'completes an order placed through the api and run by the worker',
    async () => {
      const base = workdir(dockerfile, runtime);
      const imageEnv = Object.fromEntries(
        Object.entries(stageEnv(dockerfile, runtime)).map(([name, value]) => [
          name,
          value.startsWith(`${base}/`) ? join(REPO_ROOT, value.slice(base.length + 1)) : value,
        ]),
      );
      apps = await prepareNativeApps({
        compose,
        cwd: REPO_ROOT,
        imageEnv,
        defaultCommand: cmd(dockerfile, runtime),
        temporalAddress: server?.address ?? '',
        secrets: secrets.env,
      });
      await apps.startAll();

      const api = `http://127.0.0.1:${apps.httpPort('api')}`;
      const customerId = `cus_${randomUUID().slice(0, 8)}`;
      const authorization = `Bearer ${await secrets.token(customerId, ['customer'])}`;
      const placed = await fetch(`${api}/orders`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({
          customerId,
          items: [{ sku: 'SKU-001', quantity: 1 }],
          paymentToken: 'tok_visa',
          shippingAddress: SAMPLE_ADDRESS,
        }),
      });
      // 201 once the reservation settled within the API's accept wait, 202 otherwise.
      expect([201, 202]).toContain(placed.status);
      const { orderId } = (await placed.json()) as { orderId: string };

      const state = await eventually(
        async () => {
          const response = await fetch(`${api}/orders/${orderId}`, { headers: { authorization } });
          return (await response.json()) as { status: string };
        },
        ({ status }) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status),
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      expect(state.status).toBe('COMPLETED');

      // Listed by the order read model, from the lifecycle events on Kafka.
      const listed = await eventually(
        async () => {
          const response = await fetch(`${api}/orders?status=COMPLETED`, {
            headers: { authorization },
          });
          return (await response.json()) as { orders: { orderId: string }[] };
        },
        ({ orders }) => orders.length > 0,
        // The read model's consumer may join its group late on a loaded machine.
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(listed.orders.map((order) => order.orderId)).toEqual([orderId]);
    },
    5 * 60_000,
  );
});
