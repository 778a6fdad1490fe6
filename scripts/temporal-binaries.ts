// Resolves (and on the first run builds) the Temporal CLI, the time-skipping test server, the
// production Temporal server of docker-compose.yml, promtool (the Prometheus rule tests) and the
// embedded Kafka broker's jars, then prints where they are and how long it took.
// `npm run temporal:binaries`.
import { inspect } from 'node:util';

import {
  cacheRoot,
  resolveTemporalCli,
  resolveTestServer,
  type ResolvedBinary,
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
} from '../lib/temporal-binaries/index.js';
import { kafkaBrokerCacheDir, resolveKafkaBrokerJars } from '../lib/kafka-broker/broker-jars.js';
import { KAFKA_VERSION } from '../lib/kafka-broker/versions.js';
import { PROMETHEUS_VERSION, resolvePromtool } from '../lib/promtool/index.js';
import {
  resolveTemporalServer,
  TEMPORAL_SERVER_VERSION,
} from '../lib/temporal-server-binaries/index.js';

interface Outcome {
  label: string;
  milliseconds: number;
  binary?: ResolvedBinary;
  error?: string;
}

async function timed(
  label: string,
  resolve: () => Promise<ResolvedBinary | undefined>,
): Promise<Outcome> {
  const started = performance.now();
  try {
    const binary = await resolve();
    return { label, milliseconds: performance.now() - started, ...(binary && { binary }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : inspect(error);
    return { label, milliseconds: performance.now() - started, error: message };
  }
}

function describe(outcome: Outcome): string {
  const took = `${(outcome.milliseconds / 1000).toFixed(1)} s`;
  if (outcome.error !== undefined) {
    return `${outcome.label}: FAILED after ${took}\n${outcome.error}`;
  }
  if (!outcome.binary) {
    return `${outcome.label}: not available here; the Temporal SDK will download it (${took})`;
  }
  return `${outcome.label}: ${outcome.binary.path} [${outcome.binary.source}, ${took}]`;
}

const started = performance.now();
console.log(`Temporal binaries, cache ${cacheRoot()}`);
const outcomes = await Promise.all([
  timed(`Temporal CLI v${TEMPORAL_CLI_VERSION}`, () => resolveTemporalCli()),
  timed(`Time-skipping test server ${TEST_SERVER_VERSION}`, () => resolveTestServer()),
  timed(
    `Temporal server v${TEMPORAL_SERVER_VERSION} (temporal-server, temporal-sql-tool)`,
    async () => {
      const server = await resolveTemporalServer();
      return server && { path: server.binDir, source: server.source };
    },
  ),
  timed(`promtool (Prometheus ${PROMETHEUS_VERSION})`, async () => {
    const promtool = await resolvePromtool();
    if (!promtool) {
      throw new Error('The Prometheus rule tests need it: install Go or set PROMTOOL_PATH.');
    }
    return promtool;
  }),
  timed(`Kafka broker ${KAFKA_VERSION} (kafka_2.13 jars)`, async () => {
    const { source } = await resolveKafkaBrokerJars();
    return { path: kafkaBrokerCacheDir(), source };
  }),
]);
for (const outcome of outcomes) {
  console.log(`  ${describe(outcome)}`);
}
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (outcomes.some((outcome) => outcome.error !== undefined)) {
  process.exitCode = 1;
}
