import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export class StartTimeoutError extends Error {
  override readonly name = 'StartTimeoutError';
}

export interface WaitOptions {
  timeoutMs: number;
  /** Aborted when the launcher stops or a process dies: the wait ends with its reason. */
  signal: AbortSignal;
  intervalMs?: number;
  /** Told once when the wait takes longer than a few seconds. */
  onSlow?: (message: string) => void;
}

const SLOW_AFTER_MS = 5000;

/**
 * Polls `probe` until it answers true. A probe that throws counts as "not yet"; its last error
 * explains a timeout.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  { timeoutMs, signal, intervalMs = 200, onSlow }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let slowAt: number | undefined = Date.now() + SLOW_AFTER_MS;
  let lastProblem = 'no answer yet';
  for (;;) {
    signal.throwIfAborted();
    try {
      if (await probe()) return;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    signal.throwIfAborted();
    if (slowAt !== undefined && Date.now() > slowAt) {
      slowAt = undefined;
      onSlow?.(`still waiting for ${what} (${lastProblem}); giving up after ${timeoutMs / 1000} s`);
    }
    if (Date.now() > deadline) {
      throw new StartTimeoutError(
        `${what} was not ready after ${Math.round(timeoutMs / 1000)} s (last check: ${lastProblem}).`,
      );
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}

/** GET answers 2xx. */
export async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return true;
}

/** Something accepts TCP connections on host:port. */
export function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => {
      done(false);
    });
    socket.once('connect', () => {
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}
