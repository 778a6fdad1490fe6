import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { waitForKafkaBroker } from './broker-ready.js';
import { type KafkaBrokerOptions, prepareKafkaBroker } from './prepare-broker.js';

export interface RunningKafkaBroker {
  bootstrapServers: string;
  pid: number;
  /** Where the broker's output goes: `<dataDir>/broker.log`. */
  logFile: string;
  /** Stops the broker (a controlled shutdown; killed after 30 s). */
  stop(): Promise<void>;
}

export interface StartKafkaBrokerOptions extends KafkaBrokerOptions {
  /** How long the broker may take to answer (default 120 s). */
  timeoutMs?: number;
}

const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts a single-node Kafka (KRaft, broker and controller in one JVM) on loopback and resolves
 * once it answers metadata requests. For tests and tools; the launcher supervises the same
 * command itself (prepareKafkaBroker).
 */
export async function startKafkaBroker(
  options: StartKafkaBrokerOptions,
): Promise<RunningKafkaBroker> {
  const launch = await prepareKafkaBroker(options);
  const logFile = join(options.dataDir, 'broker.log');
  const output = await open(logFile, 'w');
  const child = spawn(launch.command, launch.args, { stdio: ['ignore', output.fd, output.fd] });
  await output.close();
  const pid = child.pid;
  if (pid === undefined) throw new Error('The Kafka broker did not start (no process id)');

  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(signal ? `killed by ${signal}` : `exit code ${String(code)}`);
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const died = new AbortController();
  void exited.then((how) => {
    died.abort(new Error(`The Kafka broker stopped (${how})`));
  });

  try {
    await waitForKafkaBroker(launch.bootstrapServers, {
      timeoutMs: options.timeoutMs ?? 120_000,
      signal: died.signal,
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    process.off('exit', killOnExit);
    throw new Error(
      `${(error as Error).message}\nLast lines of ${logFile}:\n${await lastLines(logFile, 15)}`,
      { cause: error },
    );
  }

  return {
    bootstrapServers: launch.bootstrapServers,
    pid,
    logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
    },
  };
}

async function lastLines(file: string, count: number): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '(none)';
  }
}
