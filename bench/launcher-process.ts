import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BANNER_HEADLINE } from '../apps/launcher/banner.js';
import { readRegistry, REGISTRY_FILE } from '../apps/launcher/process-registry.js';
import { onInterrupt } from './cleanup.js';

const LAUNCHER = fileURLToPath(new URL('../apps/launcher/main.js', import.meta.url));
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;

export interface RunningLauncher {
  /** Process ids of what it started, by name (worker, api, inventory…). */
  pids: Record<string, number>;
  startSeconds: number;
  stop: () => Promise<void>;
}

/** `npm start` (the built launcher) on the given environment, up to its banner. */
export async function startLauncher(
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<RunningLauncher> {
  const started = performance.now();
  const child = spawn(process.execPath, [LAUNCHER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`No banner from the launcher after ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(BANNER_HEADLINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`The launcher exited (code ${code}) before its banner:\n${output}`));
    });
  });
  const stop = async () => {
    forget();
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const forget = onInterrupt(stop);
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  const registry = await readRegistry(join(dataDir, REGISTRY_FILE));
  return {
    pids: Object.fromEntries((registry?.processes ?? []).map(({ name, pid }) => [name, pid])),
    startSeconds: (performance.now() - started) / 1000,
    stop,
  };
}
