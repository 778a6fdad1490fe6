// Runs once before all test files, in Jest's main process. Slow first-time work belongs here
// (building the Temporal CLI can take minutes), never in a beforeAll.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GlobalConfig } from 'jest';

import type * as EmbeddedPostgresModule from '../../lib/embedded-postgres/index.js';
import type * as EventsModule from '../../lib/events/index.js';
import type * as KafkaModule from '../../lib/kafka/index.js';
import type * as KafkaBrokerModule from '../../lib/kafka-broker/index.js';
import type * as PromtoolModule from '../../lib/promtool/index.js';
import type * as TemporalBinariesModule from '../../lib/temporal-binaries/index.js';
import type * as TemporalServerBinariesModule from '../../lib/temporal-server-binaries/index.js';
import type { TestTeardown } from './test-teardown.js';

export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  const started = performance.now();
  // The end-to-end tests run the built processes (dist/), as `npm start` does.
  const buildSeconds = await build(globalConfig.rootDir);
  const [binaries, postgres, promtoolModule, serverBinaries, kafkaBroker, kafka, events] =
    await importProjectModules();

  const [cli, testServer, promtool, temporalServer] = await Promise.all([
    binaries.resolveTemporalCli(),
    binaries.resolveTestServer(),
    promtoolModule.resolvePromtool(), // the Prometheus rule tests run it
    serverBinaries.resolveTemporalServer(), // the production-server test runs it
  ]);
  exportPath('TEMPORAL_CLI_PATH', cli?.path);
  exportPath('TEMPORAL_TEST_SERVER_PATH', testServer?.path);
  exportPath(promtoolModule.PROMTOOL_PATH_VARIABLE, promtool?.path);
  exportPath(serverBinaries.TEMPORAL_SERVER_DIR_VARIABLE, temporalServer?.dir);

  const dir = await mkdtemp(join(tmpdir(), 'checkout-saga-test-postgres-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as another user that must enter it
  // One Kafka broker for the whole run, started alongside PostgreSQL.
  const [postgresStart, kafkaStart] = await Promise.allSettled([
    postgres.startEmbeddedPostgres({ dataDir: join(dir, 'data'), durable: false }),
    startTestKafka(kafkaBroker, kafka, events, postgres.findFreePort),
  ]);
  if (postgresStart.status === 'rejected' || kafkaStart.status === 'rejected') {
    // Jest skips global teardown now: stop what did start.
    if (postgresStart.status === 'fulfilled') await postgresStart.value.stop();
    if (kafkaStart.status === 'fulfilled') await kafkaStart.value.stop();
    await rm(dir, { recursive: true, force: true });
    const failed = [postgresStart, kafkaStart].find(
      (start): start is PromiseRejectedResult => start.status === 'rejected',
    );
    throw failed?.reason;
  }
  const server = postgresStart.value;
  const broker = kafkaStart.value;
  // Each test creates the databases it uses on this server (test/support/participants.ts).
  process.env.TEST_POSTGRES_URL = server.serverUrl;
  // Test files reach the broker through test/support/kafka.ts; each uses its own consumer groups.
  process.env.KAFKA_BOOTSTRAP_SERVERS = broker.bootstrapServers;
  (globalThis as TestTeardown).checkoutSagaTeardown = async () => {
    await Promise.all([server.stop(), broker.stop()]);
    await rm(dir, { recursive: true, force: true });
  };

  const describe = (binary: TemporalBinariesModule.ResolvedBinary | undefined): string =>
    binary ? `${binary.path} (${binary.source})` : 'SDK download';
  console.log(
    `\nglobal setup in ${((performance.now() - started) / 1000).toFixed(1)} s — ` +
      `Temporal CLI: ${describe(cli)}; test server: ${describe(testServer)}; ` +
      `promtool: ${promtool ? `${promtool.path} (${promtool.source})` : 'none'}; ` +
      `PostgreSQL: ${server.host}:${server.port}; Kafka: ${broker.bootstrapServers} ` +
      `(${broker.startSeconds.toFixed(1)} s); npm run build: ${buildSeconds.toFixed(1)} s`,
  );
}

/**
 * A single-node broker with its data in a temporary folder, removed when it stops, and the
 * domain-event topics created.
 */
async function startTestKafka(
  kafkaBroker: typeof KafkaBrokerModule,
  kafka: typeof KafkaModule,
  events: typeof EventsModule,
  findFreePort: () => Promise<number>,
): Promise<{ bootstrapServers: string; startSeconds: number; stop: () => Promise<void> }> {
  const started = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'checkout-saga-test-kafka-'));
  try {
    const [port, controllerPort] = await Promise.all([findFreePort(), findFreePort()]);
    const broker = await kafkaBroker.startKafkaBroker({ dataDir, port, controllerPort });
    try {
      await kafka.ensureTopics(broker.bootstrapServers, events.TOPICS);
    } catch (error) {
      await broker.stop();
      throw error;
    }
    return {
      bootstrapServers: broker.bootstrapServers,
      startSeconds: (performance.now() - started) / 1000,
      stop: async () => {
        await broker.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** `npm run build`, once for the whole run; its output is shown only when it fails. */
async function build(rootDir: string): Promise<number> {
  const started = performance.now();
  try {
    await promisify(execFile)('npm', ['run', 'build'], { cwd: rootDir, maxBuffer: 16 << 20 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build failed:\n${stdout}${stderr}`, { cause: error });
  }
  return (performance.now() - started) / 1000;
}

/** Unset means the SDK downloads the binary; resolution never returns undefined when it is set. */
function exportPath(variable: string, path: string | undefined): void {
  if (path !== undefined) {
    process.env[variable] = path;
  }
}

type ResolveFilename = (request: string, ...rest: unknown[]) => string;

/**
 * Jest loads global setup as CommonJS, where the `.js` specifiers of our ESM sources do not
 * find the `.ts` files (moduleNameMapper applies only inside test files). Map them while the
 * project modules load.
 */
async function importProjectModules(): Promise<
  [
    typeof TemporalBinariesModule,
    typeof EmbeddedPostgresModule,
    typeof PromtoolModule,
    typeof TemporalServerBinariesModule,
    typeof KafkaBrokerModule,
    typeof KafkaModule,
    typeof EventsModule,
  ]
> {
  const loader = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (this: unknown, request, ...rest) {
    try {
      return original.call(this, request, ...rest);
    } catch (error) {
      if (!request.startsWith('.') || !request.endsWith('.js')) {
        throw error;
      }
      return original.call(this, `${request.slice(0, -3)}.ts`, ...rest);
    }
  };
  try {
    return await Promise.all([
      import('../../lib/temporal-binaries/index.js'),
      import('../../lib/embedded-postgres/index.js'),
      import('../../lib/promtool/index.js'),
      import('../../lib/temporal-server-binaries/index.js'),
      import('../../lib/kafka-broker/index.js'),
      import('../../lib/kafka/index.js'),
      import('../../lib/events/index.js'),
    ]);
  } finally {
    loader._resolveFilename = original;
  }
}
