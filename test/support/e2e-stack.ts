// The whole system as `npm start` runs it: the built launcher (dist/apps/launcher/main.js, built by
// the global setup) as a child process, on free ports and a data folder of its own, so that a
// developer's running `npm start` is left alone.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BANNER_HEADLINE } from '../../apps/launcher/banner.js';
import { withoutExternalServers } from '../../apps/launcher/launcher-env.js';
import {
  isSameProcess,
  readRegistry,
  REGISTRY_FILE,
  type RegisteredProcess,
} from '../../apps/launcher/process-registry.js';
import { readDevPrivateKey, signDevToken, type DevRole } from '../../lib/auth-dev/index.js';
import { freeLauncherPorts, type LauncherPorts } from '../../apps/launcher/launcher-ports.js';
import { ApiClient } from './api-http.js';
import { newCustomerId } from './api-orders.js';

const LAUNCHER = new URL('../../dist/apps/launcher/main.js', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 90_000;

export type StackPorts = LauncherPorts;

export interface LauncherExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Everything the launcher printed. */
  output: string;
}

export interface E2eStack {
  dataDir: string;
  ports: StackPorts;
  /** The API without a token: /health, /docs, and what must answer 401. */
  api: ApiClient;
  /** The API as a customer (a new one unless given), with a token like `npm run token`'s. */
  customer: (customerId?: string) => Promise<ApiClient>;
  /** The API as an operator. */
  operator: (operatorId?: string) => Promise<ApiClient>;
  services: Record<'inventory' | 'payment' | 'shipping', { url: string }>;
  /** What the launcher started, from its registry in the data folder. */
  processes: RegisteredProcess[];
  /** Seconds from spawning the launcher to its banner. */
  startSeconds: number;
  output: () => string;
  /** Resolves when the launcher exits by itself (a process died) or after stop(). */
  exited: Promise<LauncherExit>;
  /** Ctrl-C (SIGINT), then waits for the launcher to stop everything and exit. */
  stop: () => Promise<LauncherExit>;
}

/** A data folder PostgreSQL can use: as root it runs as `postgres`, which must enter it. */
export async function createDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'checkout-saga-e2e-'));
  await chmod(dir, 0o755);
  return dir;
}

export function removeDataDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

export function freeStackPorts(): Promise<StackPorts> {
  return freeLauncherPorts();
}

/** The launcher's environment: the test run's, without its servers, plus these variables. */
export function launcherEnv(variables: Record<string, string | number>): NodeJS.ProcessEnv {
  const inherited = withoutExternalServers(process.env);
  return {
    ...inherited,
    LOG_LEVEL: 'info',
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
  };
}

/** Runs the launcher to its end (for start-up failures): exit status and output. */
export function runLauncher(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<LauncherExit> {
  return spawnLauncher(env, timeoutMs).exited;
}

/**
 * Starts the whole system and waits for the launcher's banner. Ports chosen here are free when
 * chosen, but the other test file running at the same time can take one before the launcher binds
 * it (its stack, or a connection's ephemeral port): a start that fails with ports and a data
 * folder of its own is tried once more, on new ones. A start that fails twice is a failure.
 */
export async function startStack(
  options: {
    dataDir?: string;
    ports?: StackPorts;
    /** More variables for the launcher and so for every process (OTEL_* and the like). */
    env?: Record<string, string>;
  } = {},
): Promise<E2eStack> {
  const ownsPortsAndData = options.ports === undefined && options.dataDir === undefined;
  try {
    return await startStackOnce(options);
  } catch (error) {
    if (!ownsPortsAndData || !(error instanceof LauncherStartFailed)) throw error;
    await removeDataDir(error.dataDir);
    return startStackOnce(options);
  }
}

class LauncherStartFailed extends Error {
  constructor(
    message: string,
    readonly dataDir: string,
  ) {
    super(message);
  }
}

async function startStackOnce(options: {
  dataDir?: string;
  ports?: StackPorts;
  env?: Record<string, string>;
}): Promise<E2eStack> {
  const dataDir = options.dataDir ?? (await createDataDir());
  const ports = options.ports ?? (await freeStackPorts());
  const started = performance.now();
  const launcher = spawnLauncher(
    launcherEnv({ ...ports, LAUNCHER_DATA_DIR: dataDir, ...options.env }),
    START_TIMEOUT_MS,
  );
  await Promise.race([
    launcher.printed(BANNER_HEADLINE),
    launcher.exited.then((exit) => {
      throw new LauncherStartFailed(
        `The launcher exited before its banner (code ${exit.code}):\n${exit.output}`,
        dataDir,
      );
    }),
  ]);
  const startSeconds = (performance.now() - started) / 1000;
  const registry = await readRegistry(join(dataDir, REGISTRY_FILE));
  if (!registry) throw new Error(`No ${REGISTRY_FILE} in ${dataDir} while the launcher runs`);

  const local = (port: number) => ({ url: `http://127.0.0.1:${port}` });
  const apiUrl = local(ports.API_PORT).url;
  const privateKeyPem = await readDevPrivateKey(dataDir);
  const caller = async (subject: string, role: DevRole) =>
    new ApiClient(apiUrl, await signDevToken({ privateKeyPem, subject, roles: [role] }), subject);
  return {
    dataDir,
    ports,
    api: new ApiClient(apiUrl),
    customer: (customerId = newCustomerId()) => caller(customerId, 'customer'),
    operator: (operatorId = 'ops_e2e') => caller(operatorId, 'operator'),
    services: {
      inventory: local(ports.INVENTORY_PORT),
      payment: local(ports.PAYMENT_PORT),
      shipping: local(ports.SHIPPING_PORT),
    },
    processes: registry.processes,
    startSeconds,
    output: launcher.output,
    exited: launcher.exited,
    stop: launcher.stop,
  };
}

/** The processes of the list that still run. */
export async function stillRunning(processes: RegisteredProcess[]): Promise<RegisteredProcess[]> {
  const alive = await Promise.all(processes.map((process) => isSameProcess(process)));
  return processes.filter((_, index) => alive[index]);
}

interface SpawnedLauncher {
  exited: Promise<LauncherExit>;
  output: () => string;
  printed: (text: string) => Promise<void>;
  /** SIGINT; a launcher still running after STOP_TIMEOUT_MS is killed. */
  stop: () => Promise<LauncherExit>;
}

function spawnLauncher(env: NodeJS.ProcessEnv, timeoutMs: number): SpawnedLauncher {
  const child = spawn(process.execPath, [LAUNCHER], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const waiter of waiting.filter(({ text }) => output.includes(text))) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<LauncherExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      resolve({ code, signal, output });
    });
  });
  return {
    exited,
    output: () => output,
    printed: (text) => {
      if (output.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`No "${text}" from the launcher after ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        waiting.push({
          text,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    stop: async () => {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
