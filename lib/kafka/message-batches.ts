import { type Readable } from 'node:stream';

/**
 * The messages already buffered in an object-mode stream, up to `maxSize`; waits for the next one
 * when none is. Returns null once the stream has ended, failed or been destroyed, or `stop` aborts.
 */
export async function nextBatch<Item>(
  stream: Readable,
  maxSize: number,
  stop: AbortSignal,
): Promise<Item[] | null> {
  for (;;) {
    if (stop.aborted) return null;
    const batch: Item[] = [];
    while (batch.length < maxSize) {
      const item = stream.read() as Item | null;
      if (item === null) break;
      batch.push(item);
    }
    if (batch.length > 0) return batch;
    if (stream.destroyed || stream.readableEnded) return null;
    await readableOrFinished(stream, stop);
  }
}

function readableOrFinished(stream: Readable, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const events = ['readable', 'end', 'close', 'error'] as const;
    const settle = () => {
      for (const event of events) stream.off(event, settle);
      stop.removeEventListener('abort', settle);
      resolve();
    };
    for (const event of events) stream.on(event, settle);
    stop.addEventListener('abort', settle);
  });
}
