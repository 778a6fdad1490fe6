import { type ProgressLog } from './resolved-binary.js';

export const logToStderr: ProgressLog = (line) => {
  process.stderr.write(`[temporal-binaries] ${line}\n`);
};

export function formatDuration(milliseconds: number): string {
  if (milliseconds < 60_000) {
    return `${(milliseconds / 1000).toFixed(1)} s`;
  }
  const totalSeconds = Math.round(milliseconds / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
