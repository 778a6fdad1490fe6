// `npm run soak -- --orders N`: the whole system under load, faults, worker kills and service
// restarts; then every order's effects are checked against the participants' records.
// Exits 1 on any violation. See docs/soak.md.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SoakApiClient, type ServerErrorRecord } from './api-client.js';
import { Chaos } from './chaos.js';
import { readFinalEvents } from './final-events.js';
import {
  finalEventViolations,
  orderViolations,
  stockViolations,
  type Violation,
} from './invariants.js';
import { inLanes } from './lanes.js';
import { parseSoakOptions } from './options.js';
import { driveOrder, type OrderOutcome } from './order-driver.js';
import { OutageLog } from './outages.js';
import { ParticipantsClient, type OrderRecords } from './participants-client.js';
import { Random } from './random.js';
import { buildReport, printReport } from './report.js';
import { planOrders } from './scenarios.js';
import { SoakStack } from './stack.js';

/** After a part comes back, the API may still answer 503 for this long (a worker replays). */
const OUTAGE_GRACE_MS = 20_000;
const STOCK_SAMPLE_INTERVAL_MS = 2000;
/** How long the read model may trail the last finished order's final lifecycle event. */
const FINAL_EVENTS_WAIT_MS = 60_000;

const log = (line: string) => process.stdout.write(`${line}\n`);
const wallStart = performance.now();

const options = parseSoakOptions();
const random = new Random(options.seed);
const plans = planOrders(options.orders, random);
const stackSettings = { challengeSeconds: options.challengeSeconds, log };
let stack = await SoakStack.create(stackSettings);
const interruption = { requested: false };
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interruption.requested = true;
    log(`${signal}: stopping what the soak started…`);
    void stack.stop({ keepData: options.keepData }).finally(() => process.exit(130));
  });
}

try {
  log(`Soak: ${options.orders} orders, seed ${options.seed}, data in ${stack.dataDir}`);
  try {
    await stack.start();
  } catch (error) {
    // Its ports were free when planned, but a process running beside it (a test file in
    // parallel) can take one before the part binds it: one more start, on a new plan.
    log(`The stack did not start (${describe(error)}); trying once more on new ports`);
    await stack.stop({ keepData: options.keepData });
    stack = await SoakStack.create(stackSettings);
    log(`Data in ${stack.dataDir}`);
    await stack.start();
  }
  log(
    `Started Temporal, PostgreSQL, Kafka, the services, the read model, the worker and the API ` +
      `(${seconds(wallStart)} s)`,
  );
  process.exitCode = await soak(stack);
} catch (error) {
  if (!interruption.requested) {
    log(`The soak could not run: ${describe(error)}`);
    process.exitCode = 2;
  }
} finally {
  if (!interruption.requested) {
    if (options.keepData) log(`Data and logs kept in ${stack.dataDir}`);
    await stack.stop({ keepData: options.keepData });
  }
}

async function soak(stack: SoakStack): Promise<number> {
  const outages = new OutageLog(OUTAGE_GRACE_MS);
  const api = new SoakApiClient(stack.urls.api, outages);
  const participants = new ParticipantsClient(stack.urls);
  const before = await participants.products();
  const negativeStock: string[] = [];
  const sampler = { running: true };
  const sampling = (async () => {
    while (sampler.running) {
      for (const product of await participants.products().catch(() => [])) {
        if (product.available < 0 || product.reserved < 0) {
          negativeStock.push(`${new Date().toISOString()} ${JSON.stringify(product)}`);
        }
      }
      await sleep(STOCK_SAMPLE_INTERVAL_MS);
    }
  })();

  const chaos = new Chaos(stack, participants, outages, random, options, (line) => {
    log(line);
  });
  let settleDeadline = Number.POSITIVE_INFINITY;
  const runStart = performance.now();
  const runId = `soak-${options.seed}-${Date.now().toString(36)}`;
  let finished = 0;
  chaos.start();
  const { results, allStarted } = inLanes(plans, options.concurrency, async (plan) => {
    const outcome = await driveOrder(plan, {
      api,
      participants,
      token: (customerId) => stack.credentials.customerToken(customerId),
      runId,
      challengeSeconds: options.challengeSeconds,
      orderTimeoutMs: options.orderTimeoutSeconds * 1000,
      settleDeadline: () => settleDeadline,
    });
    finished += 1;
    if (finished % 25 === 0 || finished === plans.length) {
      log(`  ${finished}/${plans.length} orders finished (${seconds(runStart)} s)`);
    }
    return outcome;
  });
  await allStarted;
  log(`All ${plans.length} orders placed or in placement; ending the chaos…`);
  await chaos.stop();
  settleDeadline = Date.now() + options.settleSeconds * 1000;
  log(`Chaos over; waiting up to ${options.settleSeconds} s for every order to finish`);
  const outcomes = await results;
  const runSeconds = (performance.now() - runStart) / 1000;
  sampler.running = false;
  await sampling;

  log('Checking the participants’ records…');
  const violations = await checkAll(participants, outcomes, before, negativeStock);
  log('Checking that the read model lists every finished order’s final event…');
  const finalEvents = await readFinalEvents(outcomes, {
    api,
    token: (customerId) => stack.credentials.customerToken(customerId),
    timeoutMs: FINAL_EVENTS_WAIT_MS,
  });
  violations.push(...finalEvents.listed.flatMap(finalEventViolations));
  violations.push(
    ...serverErrorViolations(api),
    ...stack.unexpectedExits.map((detail) => ({ rule: 'no process dies by itself', detail })),
  );
  const report = buildReport({
    outcomes,
    seed: options.seed,
    chaos: chaos.counts,
    api,
    unexpectedExits: stack.unexpectedExits,
    finalEvents,
    violations,
    wallSeconds: (performance.now() - wallStart) / 1000,
    runSeconds,
  });
  const outcomesFile = join(stack.dataDir, 'soak-outcomes.json');
  await writeFile(outcomesFile, JSON.stringify(outcomes, null, 2));
  if (options.keepData) log(`Every order's plan and outcome: ${outcomesFile}`);
  printReport(report, log);
  return violations.length === 0 ? 0 : 1;
}

async function checkAll(
  participants: ParticipantsClient,
  outcomes: OrderOutcome[],
  before: Awaited<ReturnType<ParticipantsClient['products']>>,
  negativeStock: string[],
): Promise<Violation[]> {
  const records = await inLanes(outcomes, 8, async (outcome) =>
    outcome.orderId ? participants.orderRecords(outcome.orderId) : undefined,
  ).results;
  const violations = outcomes.flatMap((outcome, index) => orderViolations(outcome, records[index]));
  const after = await participants.products();
  const known = records.filter((record): record is OrderRecords => record !== undefined);
  violations.push(...stockViolations(before, after, known, negativeStock));
  return violations;
}

/** One violation per request and status: a stuck order's every poll is the same defect. */
function serverErrorViolations(api: SoakApiClient): Violation[] {
  const byKind = new Map<string, ServerErrorRecord[]>();
  for (const error of api.serverErrors) {
    const kind = `${error.request} → ${error.status}`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), error]);
  }
  return [...byKind].map(([kind, errors]) => {
    const first = errors[0];
    return {
      rule: 'no 5xx other than 503 during an outage',
      detail: `${kind} ×${errors.length}, first at ${first?.at ?? '?'}: ${first?.body ?? ''}`,
    };
  });
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
