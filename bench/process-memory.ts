import { readFileSync } from 'node:fs';

export interface MemoryFigures {
  /** The highest resident set size seen while the phase ran, in MiB. */
  peakRssMiB: number;
  /** At the end of the phase, in MiB. */
  endRssMiB: number;
}

/** Resident set size of a process, from /proc; undefined once it has gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

const mebibytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Samples the RSS of named processes twice a second until stopped. */
export function sampleMemory(processes: Record<string, number>): {
  stop: () => Record<string, MemoryFigures>;
} {
  const peaks = new Map<string, number>();
  const sample = () => {
    for (const [name, pid] of Object.entries(processes)) {
      const rss = rssBytes(pid);
      if (rss !== undefined) peaks.set(name, Math.max(rss, peaks.get(name) ?? 0));
    }
  };
  sample();
  const timer = setInterval(sample, 500);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return Object.fromEntries(
        Object.entries(processes).map(([name, pid]) => [
          name,
          { peakRssMiB: mebibytes(peaks.get(name) ?? 0), endRssMiB: mebibytes(rssBytes(pid) ?? 0) },
        ]),
      );
    },
  };
}
