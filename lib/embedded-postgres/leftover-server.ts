import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { isPostmasterOf, isProcessAlive, waitForExit } from './process-liveness.js';

/** Which process started the server: tells a server in use from one orphaned by a crash. */
export const OWNER_FILE = 'checkout-saga-owner.pid';

export async function recordOwner(dataDir: string): Promise<void> {
  await writeFile(join(dataDir, OWNER_FILE), `${process.pid}\n`);
}

export async function forgetOwner(dataDir: string): Promise<void> {
  await rm(join(dataDir, OWNER_FILE), { force: true });
}

/**
 * A crash leaves `postmaster.pid` behind, and when only the launcher was killed, the server
 * itself keeps running. A stale lock file is removed (its PID may have been reused by another
 * process, which would make PostgreSQL refuse to start); an orphaned server is shut down.
 */
export async function clearLeftoverServer(
  dataDir: string,
  log: (line: string) => void,
): Promise<void> {
  const lockFile = join(dataDir, 'postmaster.pid');
  const lock = await readOptional(lockFile);
  if (lock === undefined) {
    return;
  }
  const [pidLine = '', , , portLine = '?'] = lock.split('\n');
  const pid = Number.parseInt(pidLine, 10);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isPostmasterOf(pid, dataDir))) {
    await rm(lockFile, { force: true });
    log(`Removed ${lockFile} left by a PostgreSQL that did not shut down cleanly.`);
    return;
  }

  const server = `PostgreSQL (PID ${pid}, port ${portLine.trim()})`;
  const owner = Number.parseInt((await readOptional(join(dataDir, OWNER_FILE))) ?? '', 10);
  if (Number.isInteger(owner) && isProcessAlive(owner)) {
    throw new Error(
      `The data folder ${dataDir} is in use by ${server}, started by process ${owner}, ` +
        'which is still running. Stop that process first.',
    );
  }
  log(`Stopping ${server}, left running by a process that has exited…`);
  process.kill(pid, 'SIGINT'); // "fast" shutdown: ends sessions, writes a checkpoint
  if (await waitForExit(pid, 30_000)) {
    return;
  }
  process.kill(pid, 'SIGQUIT'); // "immediate" shutdown: crash recovery at the next start
  if (!(await waitForExit(pid, 10_000))) {
    throw new Error(`${server} did not stop; stop it by hand (kill -9 ${pid}) and retry.`);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}
