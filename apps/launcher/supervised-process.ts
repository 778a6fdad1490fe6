import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';

export interface ProcessSpec {
  /** Short name, also the log file's: `inventory`. */
  name: string;
  /** For messages: `the inventory service`. */
  label: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Receives stdout and stderr; truncated at each start. */
  logFile: string;
  /** Opens an IPC channel (node processes only). */
  ipc?: boolean;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StopOptions {
  /** How to ask it to stop; SIGTERM by default. */
  request?: (process: SupervisedProcess) => void;
  /** After this, the process and everything it started are killed. */
  timeoutMs: number;
}

/**
 * A child process of the launcher. It runs in a process group of its own, so Ctrl-C in the
 * terminal reaches only the launcher, which stops the children in order. Its output goes
 * straight to its log file, so it keeps logging even if the launcher dies.
 */
export class SupervisedProcess {
  readonly exited: Promise<ExitStatus>;
  private stopRequested = false;
  private exitStatus: ExitStatus | undefined;

  private constructor(
    readonly spec: ProcessSpec,
    private readonly child: ChildProcess,
    readonly pid: number,
    onUnexpectedExit: (process: SupervisedProcess, status: ExitStatus) => void,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        if (!this.stopRequested) onUnexpectedExit(this, this.exitStatus);
        resolve(this.exitStatus);
      });
    });
  }

  static async start(
    spec: ProcessSpec,
    onUnexpectedExit: (process: SupervisedProcess, status: ExitStatus) => void,
  ): Promise<SupervisedProcess> {
    const log = await open(spec.logFile, 'w');
    try {
      const child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env,
        detached: true,
        stdio: ['ignore', log.fd, log.fd, ...(spec.ipc ? ['ipc' as const] : [])],
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      if (child.pid === undefined) throw new Error(`${spec.label} has no process id`);
      return new SupervisedProcess(spec, child, child.pid, onUnexpectedExit);
    } catch (error) {
      throw new Error(
        `Could not start ${spec.label} (${spec.command}): ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      await log.close();
    }
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  /** The command line as the kernel shows it, to recognise the process later. */
  get commandLine(): string[] {
    return [this.spec.command, ...this.spec.args];
  }

  onMessage(listener: (message: unknown) => void): void {
    this.child.on('message', listener);
  }

  send(message: unknown): boolean {
    return this.child.connected && this.child.send(message as object);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Asks it to stop, waits, and kills its whole process group after the timeout. */
  async stop({ request, timeoutMs }: StopOptions): Promise<ExitStatus & { killed: boolean }> {
    this.stopRequested = true;
    if (!this.running) return { ...(await this.exited), killed: false };
    if (request) request(this);
    else this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, 'timeout');
    });
    const outcome = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (outcome !== 'timeout') return { ...outcome, killed: false };
    this.kill();
    return { ...(await this.exited), killed: true };
  }

  /** SIGKILL to the process and everything it started (its process group). */
  kill(): void {
    this.stopRequested = true;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      this.signal('SIGKILL');
    }
  }

  /** The last lines of its log, to explain a failure. */
  recentOutput(lines: number): string[] {
    try {
      return readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n').slice(-lines);
    } catch {
      return [];
    }
  }
}

/** `exit code 1`, `killed by SIGKILL`. */
export function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `killed by ${signal}` : `exit code ${code ?? '?'}`;
}

/** A stop on request: exit 0, or the signal it was asked to stop by (Nest re-raises SIGTERM). */
export function isCleanStop({ code, signal }: ExitStatus): boolean {
  return code === 0 || code === 130 || code === 143 || signal === 'SIGTERM' || signal === 'SIGINT';
}
