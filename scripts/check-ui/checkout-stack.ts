// The system the UI check runs against: a running `npm start` on its default ports when there is
// one, else a launcher of its own on free ports and a temporary data folder.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BANNER_HEADLINE } from '../../apps/launcher/banner.js';
import { withoutExternalServers } from '../../apps/launcher/launcher-env.js';
import { freeLauncherPorts, launcherPortEnv } from '../../apps/launcher/launcher-ports.js';
import { readDevPrivateKey, signDevToken } from '../../lib/auth-dev/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LAUNCHER = join(ROOT, 'dist/apps/launcher/main.js');
const START_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 90_000;

export interface CheckoutStack {
  /** `running npm start` or `own launcher`. */
  origin: string;
  apiUrl: string;
  webUiUrl: string;
  namespace: string;
  /** A bearer token for the customer. */
  customerToken(customerId: string): Promise<string>;
  /** Stops what this script started; leaves a running `npm start` alone. */
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

const tokenSigner = (dataDir: string) => async (customerId: string) =>
  signDevToken({
    privateKeyPem: await readDevPrivateKey(dataDir),
    subject: customerId,
    roles: ['customer'],
  });

/** A running `npm start` (API_PORT, TEMPORAL_UI_PORT, LAUNCHER_DATA_DIR as it reads them). */
export async function runningStack(env = process.env): Promise<CheckoutStack | undefined> {
  const apiUrl = `http://127.0.0.1:${env.API_PORT ?? '3000'}`;
  const webUiUrl = `http://127.0.0.1:${env.TEMPORAL_UI_PORT ?? '8233'}`;
  if (!(await answers(`${apiUrl}/health`)) || !(await answers(webUiUrl))) return undefined;
  const dataDir = env.LAUNCHER_DATA_DIR ?? '.data';
  return {
    origin: 'running npm start',
    apiUrl,
    webUiUrl,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    customerToken: tokenSigner(isAbsolute(dataDir) ? dataDir : resolve(ROOT, dataDir)),
    stop: () => Promise.resolve(),
  };
}

/** Starts the built launcher on free ports in a temporary data folder; resolves at its banner. */
export async function startOwnStack(log: (line: string) => void): Promise<CheckoutStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'checkout-saga-check-ui-'));
  // As root, the embedded PostgreSQL runs as an unprivileged user, which must enter the folder.
  await chmod(dataDir, 0o755);
  const ports = await freeLauncherPorts();
  const child = spawn(process.execPath, [LAUNCHER], {
    cwd: ROOT,
    env: {
      ...withoutExternalServers(process.env),
      LAUNCHER_DATA_DIR: dataDir,
      ...launcherPortEnv(ports),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code) => {
      done(code);
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  log(`Starting the system (npm start's launcher) in ${dataDir}…`);
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => {
        fail(
          new Error(`The launcher printed no banner in ${START_TIMEOUT_MS / 1000} s:\n${output}`),
        );
      }, START_TIMEOUT_MS);
      const collect = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes(BANNER_HEADLINE)) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      void exited.then((code) => {
        clearTimeout(timer);
        fail(new Error(`The launcher exited (code ${String(code)}) before its banner:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    origin: 'own launcher',
    apiUrl: `http://127.0.0.1:${String(ports.API_PORT)}`,
    webUiUrl: `http://127.0.0.1:${String(ports.TEMPORAL_UI_PORT)}`,
    namespace: 'default',
    customerToken: tokenSigner(dataDir),
    stop,
  };
}
