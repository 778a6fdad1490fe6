import { StartTimeoutError } from './health.js';
import { isPostgresReady, type StopPostgres } from './postgres-protocol.js';
import type { StopOptions, SupervisedProcess } from './supervised-process.js';

/** The launcher's side of postgres-main.ts: waits for its `ready` message. */
export function postgresReady(
  host: SupervisedProcess,
  { timeoutMs, signal }: { timeoutMs: number; signal: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new StartTimeoutError(
          `PostgreSQL was not ready after ${timeoutMs / 1000} s; see ${host.spec.logFile}.`,
        ),
      );
    }, timeoutMs);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.throwIfAborted();
    signal.addEventListener('abort', abort, { once: true });
    host.onMessage((message) => {
      if (!isPostgresReady(message)) return;
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      resolve(message.serverUrl);
    });
  });
}

/** Asked over IPC, the host stops PostgreSQL with a fast shutdown and exits 0. */
export const STOP_POSTGRES_HOST: StopOptions = {
  request: (host) => {
    const stop: StopPostgres = { type: 'stop' };
    if (!host.send(stop)) host.signal('SIGTERM');
  },
  // A fast shutdown writes a checkpoint; lib/embedded-postgres escalates after 30 s.
  timeoutMs: 45_000,
};
