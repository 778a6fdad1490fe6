import { readFile } from 'node:fs/promises';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** PIDs are reused: only a postgres process started with `-D <dataDir>` is that cluster's server. */
export async function isPostmasterOf(pid: number, dataDir: string): Promise<boolean> {
  let commandLine: string[];
  try {
    commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    // No /proc (macOS): trust a live PID rather than risk deleting a running server's lock.
    return isProcessAlive(pid);
  }
  const flag = commandLine.indexOf('-D');
  return flag !== -1 && commandLine[flag + 1] === dataDir;
}
