/**
 * Runs `task` for every item, at most `concurrency` at a time. `allStarted` resolves when the
 * last item has been handed to a lane.
 */
export function inLanes<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): { results: Promise<R[]>; allStarted: Promise<void> } {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let markStarted: () => void = () => undefined;
  const allStarted = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  if (items.length === 0) markStarted();
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      if (next === items.length) markStarted();
      results[index] = await task(items[index] as T);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane);
  return { results: Promise.all(lanes).then(() => results), allStarted };
}
