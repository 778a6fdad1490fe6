// The soak at CI size: about 60 orders on the whole system while faults are switched on and off
// at every participant, the worker is SIGKILLed at least twice and each participant restarts;
// then every finished order's final lifecycle event must be listed by the read model.
// It runs the built soak (dist/bench/soak/main.js, built by the global setup) as `npm run soak`
// does, and holds it to its own verdict: no violation of the saga's promises.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from '@jest/globals';

const SOAK = new URL('../../dist/bench/soak/main.js', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const REPORT_PREFIX = 'SOAK_REPORT ';

interface SoakReport {
  orders: number;
  byStatus: Record<string, number>;
  workerKills: number;
  participantRestarts: Record<string, number>;
  faultToggles: Record<string, { before: number; after: number }>;
  finalEvents: { finished: number; listed: number };
  violations: { orderId?: string; rule: string; detail: string }[];
}

let child: ChildProcess | undefined;

afterAll(() => {
  // Ctrl-C: the soak stops what it started.
  if (child?.exitCode === null) child.kill('SIGINT');
});

it('keeps every promise of the saga through faults, worker kills and restarts', async () => {
  const { code, output } = await runSoak([
    '--orders',
    '60',
    '--concurrency',
    '30',
    '--min-worker-kills',
    '2',
    '--settle-seconds',
    '60',
    '--order-timeout-seconds',
    '90',
  ]);
  const reportLine = output.split('\n').find((line) => line.startsWith(REPORT_PREFIX));
  if (!reportLine) throw new Error(`The soak printed no report (exit ${code}):\n${output}`);
  const report = JSON.parse(reportLine.slice(REPORT_PREFIX.length)) as SoakReport;
  const summary = output.slice(0, output.indexOf(REPORT_PREFIX));

  expect(report.orders).toBe(60);
  expect(report.workerKills).toBeGreaterThanOrEqual(2);
  expect(Object.values(report.participantRestarts).some((count) => count > 0)).toBe(true);
  expect(report.finalEvents.finished).toBeGreaterThan(0);
  expect(report.finalEvents.listed).toBe(report.finalEvents.finished);
  expect({ violations: report.violations, summary }).toEqual({ violations: [], summary });
  expect(code).toBe(0);
}, 300_000);

function runSoak(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const started = spawn(process.execPath, [SOAK, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.once('error', reject);
    started.once('close', (code) => {
      resolve({ code, output });
    });
  });
}
