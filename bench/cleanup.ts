/** What to stop if the benchmark is interrupted: the dev server and the launcher it started. */
const cleanups = new Set<() => Promise<void>>();

/** Registers a stop function; the returned function unregisters it once stopped normally. */
export function onInterrupt(stop: () => Promise<void>): () => void {
  cleanups.add(stop);
  return () => cleanups.delete(stop);
}

/** Ctrl-C or SIGTERM stops what runs, then exits (the SDK's own signal handling is off). */
export function stopOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping what the benchmark started…`);
      void Promise.allSettled([...cleanups].map((stop) => stop())).finally(() => {
        process.exit(130);
      });
    });
  }
}
