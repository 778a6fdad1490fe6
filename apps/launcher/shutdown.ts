import { displayPath, formatSeconds, type Progress } from './progress.js';
import {
  describeExit,
  isCleanStop,
  type StopOptions,
  type SupervisedProcess,
} from './supervised-process.js';

/**
 * Clients before what they use: the API, the read model, the worker (it drains), the services
 * (their outbox relays publish to Kafka), then the servers. Kafka, Temporal and PostgreSQL do
 * not depend on each other.
 */
export const STOP_ORDER = [
  'API',
  'read model',
  'worker',
  'services',
  'Kafka',
  'Temporal dev server',
  'PostgreSQL',
] as const;
export type PartName = (typeof STOP_ORDER)[number];

/** Processes started together and stopped together. */
export interface Part {
  name: PartName;
  processes: SupervisedProcess[];
  stop: StopOptions;
  /** Shown while it stops, when that may take a while. */
  stoppingNote?: string;
}

/**
 * Stops the parts one after the other in STOP_ORDER (the processes of one part together),
 * reporting any that had to be killed or did not exit cleanly.
 */
export async function stopParts(
  parts: readonly Part[],
  out: Progress,
  forced: () => boolean,
): Promise<void> {
  const inStopOrder = [...parts].sort(
    (a, b) => STOP_ORDER.indexOf(a.name) - STOP_ORDER.indexOf(b.name),
  );
  for (const part of inStopOrder) {
    const running = part.processes.filter((child) => child.running);
    if (running.length === 0) continue;
    if (part.stoppingNote) out.note(`${part.stoppingNote}…`);
    const started = performance.now();
    const outcomes = await Promise.all(
      running.map(async (child) => ({ child, outcome: await child.stop(part.stop) })),
    );
    if (forced()) {
      out.problem(`${part.name} killed`);
      continue;
    }
    for (const { child, outcome } of outcomes) {
      const { label, logFile } = child.spec;
      if (outcome.killed) {
        out.problem(
          `${label} did not stop within ${formatSeconds(part.stop.timeoutMs)} and was killed`,
        );
      } else if (!isCleanStop(outcome)) {
        out.problem(
          `${label} did not stop cleanly (${describeExit(outcome)}); see ${displayPath(logFile)}`,
        );
      }
    }
    out.done(part.name, 'stopped', performance.now() - started);
  }
}
