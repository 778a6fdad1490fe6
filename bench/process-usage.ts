import { readFileSync } from 'node:fs';

export interface ProcessFigures {
  /** The highest resident set size seen while the phase ran, in MiB. */
  peakRssMiB: number;
  /** At the end of the phase, in MiB. */
  endRssMiB: number;
  /** CPU time (user + system) the process used during the phase, in seconds. */
  cpuSeconds: number;
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

/** Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every common platform. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process so far, from /proc/<pid>/stat; 0 once it has gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
const mebibytes = (bytes: number) => oneDecimal(bytes / 1024 / 1024);

/** Samples the RSS of named processes twice a second until stopped, and their CPU time. */
export function sampleProcesses(processes: Record<string, number>): {
  stop: () => Record<string, ProcessFigures>;
} {
  const peaks = new Map<string, number>();
  const cpuAtStart = new Map(
    Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]),
  );
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
          {
            peakRssMiB: mebibytes(peaks.get(name) ?? 0),
            endRssMiB: mebibytes(rssBytes(pid) ?? 0),
            cpuSeconds: oneDecimal(cpuSeconds(pid) - (cpuAtStart.get(name) ?? 0)),
          },
        ]),
      );
    },
  };
}
