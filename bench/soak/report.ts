import type { SoakApiClient } from './api-client.js';
import type { ChaosCounts } from './chaos.js';
import { finalEventViolations, type ListedEvents, type Violation } from './invariants.js';
import type { OrderOutcome } from './order-driver.js';

export interface SoakReport {
  orders: number;
  seed: number;
  byStatus: Record<string, number>;
  cancels: Record<string, Record<string, number>>;
  challenges: Record<string, number>;
  /** Answers to the customers' payment re-checks, by status. */
  rechecks: Record<string, number>;
  duplicates: number;
  workerKills: number;
  participantRestarts: ChaosCounts['participantRestarts'];
  readModelRestarts: number;
  faultToggles: ChaosCounts['faultToggles'];
  apiStatuses: Record<string, number>;
  apiUnanswered: number;
  unexpectedExits: string[];
  chaosProblems: string[];
  /** Finished orders whose GET /orders/{id}/events listed their final lifecycle event. */
  finalEvents: { finished: number; listed: number; waitedSeconds: number };
  violations: Violation[];
  wallSeconds: number;
  /** Order-driving phase (placement, chaos, until the last order finished). */
  runSeconds: number;
}

export function buildReport(input: {
  outcomes: OrderOutcome[];
  seed: number;
  chaos: ChaosCounts;
  api: SoakApiClient;
  unexpectedExits: string[];
  finalEvents: { listed: ListedEvents[]; waitedSeconds: number };
  violations: Violation[];
  wallSeconds: number;
  runSeconds: number;
}): SoakReport {
  const { outcomes, chaos, api } = input;
  const tally = (into: Record<string, number>, key: string) => {
    into[key] = (into[key] ?? 0) + 1;
  };
  const byStatus: Record<string, number> = {};
  const cancels: Record<string, Record<string, number>> = {};
  const challenges: Record<string, number> = {};
  const rechecks: Record<string, number> = {};
  for (const outcome of outcomes) {
    tally(byStatus, outcome.final?.status ?? (outcome.orderId ? 'UNFINISHED' : 'NOT_PLACED'));
    for (const { seenStatus, responseStatus } of outcome.cancels) {
      tally((cancels[seenStatus] ??= {}), String(responseStatus));
    }
    for (const status of outcome.rechecks) tally(rechecks, String(status));
    if (outcome.plan.challenge) {
      tally(challenges, outcome.challengeResult ?? `${outcome.plan.challenge}:not-reached`);
    }
  }
  return {
    orders: outcomes.length,
    seed: input.seed,
    byStatus,
    cancels,
    challenges,
    rechecks,
    duplicates: outcomes.filter(({ plan }) => plan.duplicate !== 'none').length,
    workerKills: chaos.workerKills,
    participantRestarts: chaos.participantRestarts,
    readModelRestarts: chaos.readModelRestarts,
    faultToggles: chaos.faultToggles,
    apiStatuses: Object.fromEntries([...api.statusCounts].sort(([a], [b]) => a - b)),
    apiUnanswered: api.transportErrors,
    unexpectedExits: input.unexpectedExits,
    chaosProblems: chaos.problems,
    finalEvents: {
      finished: input.finalEvents.listed.length,
      listed: input.finalEvents.listed.filter((entry) => finalEventViolations(entry).length === 0)
        .length,
      waitedSeconds: input.finalEvents.waitedSeconds,
    },
    violations: input.violations,
    wallSeconds: input.wallSeconds,
    runSeconds: input.runSeconds,
  };
}

/** A human summary; the last line is the report as JSON, for scripts. */
export function printReport(report: SoakReport, write: (line: string) => void): void {
  const pairs = (record: Record<string, unknown>) =>
    Object.entries(record)
      .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(', ');
  write('');
  write(`Soak summary (seed ${report.seed})`);
  write(`  orders             ${report.orders}: ${pairs(report.byStatus)}`);
  write(`  duplicate POSTs    ${report.duplicates}`);
  write(`  cancels (status seen → answers)`);
  for (const [status, answers] of Object.entries(report.cancels)) {
    write(`    ${status.padEnd(30)} ${pairs(answers)}`);
  }
  write(`  card challenges    ${pairs(report.challenges) || 'none'}`);
  write(`  payment re-checks  ${pairs(report.rechecks) || 'none'}`);
  write(`  worker SIGKILLs    ${report.workerKills}`);
  write(
    `  restarts           ${pairs(report.participantRestarts)}, read model ${report.readModelRestarts}`,
  );
  write(`  fault toggles      ${pairs(report.faultToggles)}`);
  write(`  API answers        ${pairs(report.apiStatuses)}; unanswered ${report.apiUnanswered}`);
  for (const exit of report.unexpectedExits) write(`  unexpected exit    ${exit}`);
  for (const problem of report.chaosProblems) write(`  chaos problem      ${problem}`);
  const { finished, listed, waitedSeconds } = report.finalEvents;
  write(
    `  final events       ${listed} of ${finished} finished orders listed by ` +
      `GET /orders/{id}/events (after ${waitedSeconds.toFixed(1)} s)`,
  );
  write(`  violations         ${report.violations.length}`);
  const byRule = new Map<string, Violation[]>();
  for (const violation of report.violations) {
    byRule.set(violation.rule, [...(byRule.get(violation.rule) ?? []), violation]);
  }
  for (const [rule, list] of byRule) {
    write(`    ${list.length} × ${rule}`);
    for (const { orderId, detail } of list.slice(0, 10))
      write(`      ${orderId ?? '-'}: ${detail}`);
    if (list.length > 10) write(`      … and ${list.length - 10} more`);
  }
  write(
    `  wall time          ${report.wallSeconds.toFixed(0)} s (orders and chaos ${report.runSeconds.toFixed(0)} s)`,
  );
  write(`SOAK_REPORT ${JSON.stringify(report)}`);
}
