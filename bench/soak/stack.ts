// The whole system for the soak, started part by part WITHOUT the launcher: the launcher stops
// everything when one process dies, and the soak kills processes on purpose. It reuses the
// launcher's process specs, supervised processes and readiness checks, on free ports and a data
// folder of its own, and stops only what it started. The order is the launcher's: Temporal,
// PostgreSQL and Kafka (its topics created); the services and the read model; the worker (it
// refuses to start without a broker); the API (its /health asks the read model).
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { httpOk, tcpOpen, waitUntil, type WaitOptions } from '../../apps/launcher/health.js';
import {
  loadLauncherConfig,
  READ_MODEL_DATABASE,
  SERVICES,
  withDatabase,
  withoutExternalServers,
  type DatabaseName,
  type LauncherConfig,
  type ServiceName,
} from '../../apps/launcher/launcher-env.js';
import { freeLauncherPorts, launcherPortEnv } from '../../apps/launcher/launcher-ports.js';
import { postgresReady, STOP_POSTGRES_HOST } from '../../apps/launcher/postgres-host.js';
import { ProcessSpecs } from '../../apps/launcher/process-specs.js';
import { builtPaths } from '../../apps/launcher/project-paths.js';
import { readSearchAttributes } from '../../apps/launcher/search-attributes.js';
import {
  describeExit,
  SupervisedProcess,
  type ExitStatus,
  type ProcessSpec,
  type StopOptions,
} from '../../apps/launcher/supervised-process.js';
import {
  connectTemporal,
  ensureSearchAttributes,
  namespaceReady,
  workerPolling,
} from '../../apps/launcher/temporal-checks.js';
import { TOPICS } from '../../lib/events/index.js';
import { ensureTopics } from '../../lib/kafka/index.js';
import { prepareKafkaBroker, waitForKafkaBroker } from '../../lib/kafka-broker/index.js';
import { resolveTemporalCli } from '../../lib/temporal-binaries/index.js';
import { createCredentials, type SoakCredentials } from './credentials.js';

const START_TIMEOUT_MS = 180_000;
const SERVICE_STOP_TIMEOUT_MS = 10_000;

export type PartName =
  'temporal' | 'postgres' | 'kafka' | ServiceName | 'read-model' | 'worker' | 'api';

const STOP_OPTIONS: Partial<Record<PartName, StopOptions>> = {
  postgres: STOP_POSTGRES_HOST,
  kafka: { timeoutMs: 30_000 }, // a controlled shutdown, as the launcher allows it
};

/** Clients before what they use, as the launcher stops them. */
const STOP_ORDER: readonly PartName[] = [
  'api',
  'read-model',
  'worker',
  ...SERVICES,
  'kafka',
  'temporal',
  'postgres',
];

export interface StackSettings {
  /** The card-challenge deadline the API should give the orders it starts. */
  challengeSeconds: number;
  log: (line: string) => void;
}

export interface StackUrls {
  api: string;
  inventory: string;
  payment: string;
  shipping: string;
  readModel: string;
}

export class SoakStack {
  readonly urls: StackUrls;
  /** Processes that died without being asked to: a defect of theirs, or of the machine. */
  readonly unexpectedExits: string[] = [];
  private readonly running = new Map<PartName, SupervisedProcess>();
  private readonly controller = new AbortController();
  /** Parts being started; aborted when the part exits, so that its start-up fails at once. */
  private readonly starting = new Map<PartName, AbortController>();
  private readonly databaseUrls = new Map<DatabaseName, string>();
  /** How often each part was started: each start logs to a file of its own. */
  private readonly starts = new Map<PartName, number>();
  private connection: Connection | undefined;

  private constructor(
    readonly dataDir: string,
    readonly credentials: SoakCredentials,
    private readonly config: LauncherConfig,
    private readonly specs: ProcessSpecs,
    private readonly log: (line: string) => void,
  ) {
    const local = (port: number) => `http://127.0.0.1:${port}`;
    this.urls = {
      api: local(config.ports.api),
      inventory: local(config.ports.inventory),
      payment: local(config.ports.payment),
      shipping: local(config.ports.shipping),
      readModel: specs.readModelUrl(),
    };
  }

  /** Plans the stack: a data folder, free ports, credentials. Nothing runs yet. */
  static async create({ challengeSeconds, log }: StackSettings): Promise<SoakStack> {
    const dataDir = await mkdtemp(join(tmpdir(), 'checkout-saga-soak-'));
    await chmod(dataDir, 0o755); // as root, PostgreSQL runs as `postgres`, which must enter it
    const ports = launcherPortEnv(await freeLauncherPorts());
    const credentials = await createCredentials(dataDir);
    const inherited = withoutExternalServers(process.env);
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'warn',
      LAUNCHER_DATA_DIR: dataDir,
      ...ports,
      WORKER_METRICS_PORT: '0', // a restarted worker must not wait for its old port
      FAULT_INJECTION_ENABLED: 'true',
      // A webhook the API missed during an outage is redelivered within seconds.
      PAYMENT_WEBHOOK_RETRY_MAX_MS: '5000',
      PAYMENT_CONFIRMATION_TIMEOUT: `${challengeSeconds} seconds`,
    };
    const config = loadLauncherConfig(env);
    return new SoakStack(dataDir, credentials, config, new ProcessSpecs(config, env), log);
  }

  async start(): Promise<void> {
    await mkdir(this.config.logsDir, { recursive: true });
    await allSettledOrThrow([this.startTemporal(), this.startPostgres(), this.startKafka()]);
    for (const service of SERVICES) await this.startService(service);
    await this.startReadModel();
    await this.startWorker();
    await this.startApi();
  }

  isRunning(part: PartName): boolean {
    return this.running.get(part)?.running === true;
  }

  /** SIGKILL to the worker's process group: no graceful shutdown, activities cut mid-flight. */
  killWorker(): void {
    this.running.get('worker')?.kill();
    this.running.delete('worker');
  }

  async startWorker(): Promise<void> {
    const { connection } = this.config.temporal;
    const temporal = this.connection;
    if (!temporal) throw new Error('startWorker() before Temporal started');
    await this.launch('worker', this.specs.worker(this.credentials.secrets), (worker, wait) =>
      waitUntil('the worker', () => workerPolling(temporal, connection, worker.pid), wait),
    );
  }

  /** Stops a participant (SIGTERM, or SIGKILL) and starts it again on the same port. */
  async restartService(service: ServiceName, how: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    await this.stopPart(service, how);
    await this.startService(service);
  }

  /** Stops the order read model (SIGTERM, or SIGKILL) and starts it again on the same port. */
  async restartReadModel(how: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    await this.stopPart('read-model', how);
    await this.startReadModel();
  }

  /** Stops everything it started, clients first; removes the data folder unless asked to keep it. */
  async stop({ keepData }: { keepData: boolean }): Promise<void> {
    this.controller.abort(new Error('the soak is stopping'));
    await this.connection?.close().catch(() => undefined);
    for (const part of STOP_ORDER) {
      const process = this.running.get(part);
      if (!process) continue;
      const stop = STOP_OPTIONS[part] ?? { timeoutMs: 15_000 };
      await process.stop(stop).catch(() => {
        process.kill();
      });
      this.running.delete(part);
    }
    if (!keepData) await rm(this.dataDir, { recursive: true, force: true });
  }

  private async startTemporal(): Promise<void> {
    const { temporal } = this.config;
    if (temporal.kind !== 'dev-server')
      throw new Error('the soak runs its own Temporal dev server');
    const cli = await resolveTemporalCli({ log: this.log });
    if (!cli) {
      throw new Error(
        'No Temporal CLI: set TEMPORAL_CLI_PATH, put `temporal` on PATH, or run ' +
          '`npm run temporal:binaries` once.',
      );
    }
    const attributes = await readSearchAttributes(builtPaths(this.config.root).searchAttributes);
    await mkdir(dirname(temporal.dbFile), { recursive: true });
    const { connection: settings } = temporal;
    await this.launch(
      'temporal',
      this.specs.temporalDevServer(cli.path, attributes),
      async (_, wait) => {
        await waitUntil('the Temporal dev server', () => tcpOpen('127.0.0.1', temporal.port), wait);
        await waitUntil(
          'the Temporal namespace',
          async () => {
            this.connection ??= await connectTemporal(settings);
            return namespaceReady(this.connection, settings.namespace);
          },
          wait,
        );
      },
    );
    if (!this.connection) throw new Error('no Temporal connection'); // waitUntil succeeded
    await ensureSearchAttributes(this.connection, settings.namespace, attributes, { create: true });
  }

  private async startPostgres(): Promise<void> {
    const { postgres } = this.config;
    if (postgres.kind !== 'embedded') throw new Error('the soak runs its own PostgreSQL');
    let serverUrl = '';
    await this.launch('postgres', this.specs.postgresHost(), async (host, { signal }) => {
      serverUrl = await postgresReady(host, { timeoutMs: START_TIMEOUT_MS, signal });
    });
    for (const database of [...SERVICES, READ_MODEL_DATABASE] as const) {
      this.databaseUrls.set(database, withDatabase(serverUrl, database));
    }
  }

  /** The embedded broker on a fresh log directory (formatted here), then the topics. */
  private async startKafka(): Promise<void> {
    const { kafka } = this.config;
    if (kafka.kind !== 'embedded') throw new Error('the soak runs its own Kafka broker');
    const broker = await prepareKafkaBroker({
      dataDir: kafka.dataDir,
      port: kafka.port,
      controllerPort: kafka.controllerPort,
      log: this.log,
    });
    await this.launch('kafka', this.specs.kafkaBroker(broker), async (_, { signal }) => {
      await waitForKafkaBroker(kafka.bootstrapServers, { timeoutMs: START_TIMEOUT_MS, signal });
      await ensureTopics(kafka.bootstrapServers, TOPICS);
    });
  }

  private async startService(service: ServiceName): Promise<void> {
    const databaseUrl = this.databaseUrls.get(service);
    if (databaseUrl === undefined) throw new Error(`No database for the ${service} service`);
    await this.launch(
      service,
      this.specs.service(service, databaseUrl, this.credentials.secrets),
      (_, wait) =>
        waitUntil(`the ${service} service`, () => httpOk(`${this.urls[service]}/health`), wait),
    );
  }

  private async startReadModel(): Promise<void> {
    const databaseUrl = this.databaseUrls.get(READ_MODEL_DATABASE);
    if (databaseUrl === undefined) throw new Error('No database for the order read model');
    await this.launch('read-model', this.specs.readModel(databaseUrl), (_, wait) =>
      waitUntil('the order read model', () => httpOk(`${this.urls.readModel}/health`), wait),
    );
  }

  private async stopPart(part: PartName, how: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const process = this.running.get(part);
    if (!process) return;
    if (how === 'SIGKILL') process.kill();
    else await process.stop({ timeoutMs: SERVICE_STOP_TIMEOUT_MS });
    await process.exited;
    this.running.delete(part);
  }

  private async startApi(): Promise<void> {
    await this.launch('api', this.specs.api(this.credentials.secrets), (_, wait) =>
      waitUntil('the API', () => httpOk(`${this.urls.api}/health`), wait),
    );
  }

  /** Starts the part and waits until `ready` says it is; fails at once if it exits meanwhile. */
  private async launch(
    part: PartName,
    spec: ProcessSpec,
    ready: (process: SupervisedProcess, wait: WaitOptions) => Promise<void>,
  ): Promise<void> {
    this.controller.signal.throwIfAborted();
    const exited = new AbortController();
    this.starting.set(part, exited);
    try {
      // Each start of a part logs to a file of its own: the killed worker's log is kept.
      const numbered = { ...spec, logFile: this.logFileFor(part) };
      const process = await SupervisedProcess.start(numbered, (child, status) => {
        this.onUnexpectedExit(part, child, status);
      });
      this.running.set(part, process);
      await ready(process, {
        timeoutMs: START_TIMEOUT_MS,
        signal: AbortSignal.any([this.controller.signal, exited.signal]),
        intervalMs: 100,
      });
    } finally {
      this.starting.delete(part);
    }
  }

  private logFileFor(part: PartName): string {
    const count = (this.starts.get(part) ?? 0) + 1;
    this.starts.set(part, count);
    return join(this.config.logsDir, count === 1 ? `${part}.log` : `${part}.${count}.log`);
  }

  private onUnexpectedExit(part: PartName, child: SupervisedProcess, status: ExitStatus): void {
    const last = child.recentOutput(3).join(' | ');
    const problem = `${child.spec.label} exited by itself (${describeExit(status)}); log ${child.spec.logFile}: ${last}`;
    const starting = this.starting.get(part);
    if (starting) {
      starting.abort(new Error(problem));
      return;
    }
    this.unexpectedExits.push(problem);
    if (this.running.get(part) === child) this.running.delete(part);
  }
}

/** Waits for every start-up (none is left running unseen), then throws the first failure. */
async function allSettledOrThrow(starts: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(starts)).find(
    (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
  );
  if (failed) throw failed.reason;
}
