import { spawn } from 'node:child_process';

import { formatDuration } from './progress.js';
import { type ProgressLog } from './resolved-binary.js';

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log: ProgressLog;
  /** Shown every `heartbeatMs` so a long, silent build does not look hung. */
  activity: string;
  heartbeatMs?: number;
}

const OUTPUT_LINES_KEPT = 40;

/** Runs a command quietly; its output is shown only when it fails. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<void> {
  const started = performance.now();
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };

  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const heartbeat = setInterval(() => {
    options.log(`  …still ${options.activity} (${formatDuration(performance.now() - started)})`);
  }, options.heartbeatMs ?? 30_000);

  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => {
        resolve(code);
      });
    });
    if (exitCode !== 0) {
      const shown = output.length > 0 ? `\n${output.join('\n')}` : '';
      throw new Error(
        `\`${command} ${args.join(' ')}\` exited with code ${String(exitCode)}${shown}`,
      );
    }
  } finally {
    clearInterval(heartbeat);
  }
}
