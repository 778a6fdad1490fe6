import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** `<data dir>/launcher.json`: the launcher and the processes it started, while it runs. */
export const REGISTRY_FILE = 'launcher.json';

export interface RegisteredProcess {
  name: string;
  pid: number;
  /** As /proc/<pid>/cmdline shows it: tells the process from another one given the same PID. */
  commandLine: string[];
}

export interface RegistryContents {
  launcher: RegisteredProcess;
  processes: RegisteredProcess[];
}

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/**
 * Records what runs on a data folder. It stops a second launcher on the same folder, and lets
 * the next start stop the processes of a launcher that was killed (kill -9) before it could.
 */
export class ProcessRegistry {
  private readonly contents: RegistryContents;
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {
    this.contents = {
      launcher: { name: 'launcher', pid: process.pid, commandLine: ownCommandLine() },
      processes: [],
    };
  }

  /** Takes the data folder, after stopping what a dead launcher left running on it. */
  static async claim(dataDir: string, log: (line: string) => void): Promise<ProcessRegistry> {
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, REGISTRY_FILE);
    const previous = await readRegistry(file);
    if (previous) {
      if (await isSameProcess(previous.launcher)) {
        throw new DataDirInUseError(
          `The data folder ${dataDir} is in use by another launcher (PID ${previous.launcher.pid}). ` +
            `Stop it first (Ctrl-C in its terminal, or kill -INT ${previous.launcher.pid}).`,
        );
      }
      await stopLeftovers(previous.processes, log);
    }
    const registry = new ProcessRegistry(file);
    await registry.save();
    return registry;
  }

  add(process: RegisteredProcess): Promise<void> {
    this.contents.processes.push(process);
    return this.save();
  }

  async release(): Promise<void> {
    await this.writing;
    await rm(this.file, { force: true });
  }

  private save(): Promise<void> {
    const text = `${JSON.stringify(this.contents, null, 2)}\n`;
    this.writing = this.writing.then(async () => {
      await writeFile(`${this.file}.tmp`, text);
      await rename(`${this.file}.tmp`, this.file);
    });
    return this.writing;
  }
}

export async function readRegistry(file: string): Promise<RegistryContents | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as RegistryContents;
  } catch {
    return undefined;
  }
}

/** Stops leftovers newest first (the API before the servers), each with its process group. */
async function stopLeftovers(
  processes: RegisteredProcess[],
  log: (line: string) => void,
): Promise<void> {
  for (const leftover of [...processes].reverse()) {
    if (!(await isSameProcess(leftover))) continue;
    log(
      `Stopping ${leftover.name} (PID ${leftover.pid}), left running by a launcher that was killed…`,
    );
    signalGroup(leftover.pid, 'SIGTERM');
    if (!(await exitsWithin(leftover, 15_000))) {
      signalGroup(leftover.pid, 'SIGKILL');
      await exitsWithin(leftover, 5_000);
    }
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

async function exitsWithin(registered: RegisteredProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isSameProcess(registered)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** The PID is alive and runs the recorded command (PIDs are reused). */
export async function isSameProcess({ pid, commandLine }: RegisteredProcess): Promise<boolean> {
  return (await commandLineOf(pid))?.join('\0') === commandLine.join('\0');
}

async function commandLineOf(pid: number): Promise<string[] | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return text.split('\0').slice(0, -1);
  } catch {
    return undefined;
  }
}

function ownCommandLine(): string[] {
  try {
    return readFileSync('/proc/self/cmdline', 'utf8').split('\0').slice(0, -1);
  } catch {
    return [process.argv0, ...process.execArgv, ...process.argv.slice(1)]; // no /proc (macOS)
  }
}
