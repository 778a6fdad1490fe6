// Child processes started as the image starts them (node as the process, its own environment),
// with their output kept for the failure message.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr). */
  output(): string;
  exited: Promise<Exit>;
  /** Whether it has exited already. */
  hasExited(): boolean;
  /** SIGTERM, then the exit, or SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<Exit & { graceful: boolean }>;
}

/** argv[0] `node` is this test's Node.js, the version the image's base pins. */
export function startProcess(
  name: string,
  argv: string[],
  options: { cwd: string; env: Record<string, string> },
): RunningProcess {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error(`${name}: empty command`);
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 200));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let done = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      lines.push(String(error));
      done = true;
      resolve({ code: -1, signal: null });
    });
  });
  return {
    name,
    child,
    output: () => lines.join('\n'),
    exited,
    hasExited: () => done,
    async stop(graceMs) {
      if (done) return { ...(await exited), graceful: true };
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(resolve, graceMs, 'timeout');
      });
      const outcome = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (outcome !== 'timeout') return { ...outcome, graceful: true };
      child.kill('SIGKILL');
      return { ...(await exited), graceful: false };
    },
  };
}

/** Polls `url` until it answers 200; fails early, with the process's output, if it exits. */
export async function waitForOk(
  url: string,
  process: RunningProcess,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (process.hasExited()) {
      throw new Error(`${process.name} exited before ${url} answered:\n${process.output()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 (last: ${last}):\n${process.output()}`);
}

/** Runs a health check command (exec form) natively; resolves to its exit code. */
export async function runCheck(
  argv: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('empty health check');
  try {
    await run(command === 'node' ? process.execPath : command, args, {
      cwd: options.cwd,
      env: options.env,
      timeout: 10_000,
    });
    return 0;
  } catch (error) {
    const { code } = error as { code?: unknown };
    return typeof code === 'number' ? code : -1;
  }
}
