import type { Progress } from './progress.js';

export interface Stoppable {
  requestStop(reason: string): void;
  forceStop(): void;
}

/**
 * Ctrl-C stops everything in order. `npm start` forwards the terminal's SIGINT to the launcher,
 * which therefore sees one press twice within a few milliseconds: signals in the first second
 * count as that one press. A later Ctrl-C warns; the one after kills what still runs.
 */
export function handleStopSignals(target: Stoppable, out: Progress): void {
  let firstAt: number | undefined;
  let warned = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      target.requestStop(signal === 'SIGINT' ? 'Ctrl-C' : signal);
      return;
    }
    if (Date.now() - firstAt < 1000) return;
    if (!warned) {
      warned = true;
      out.line('Still stopping cleanly; press Ctrl-C again to kill the remaining processes.');
      return;
    }
    target.forceStop();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}
