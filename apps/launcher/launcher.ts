import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import type { Connection } from '@temporalio/client';
import { TOPICS } from '../../lib/events/index.js';
import { ensureTopics } from '../../lib/kafka/index.js';
import { prepareKafkaBroker, waitForKafkaBroker } from '../../lib/kafka-broker/index.js';
import { resolveTemporalCli, TEMPORAL_CLI_VERSION } from '../../lib/temporal-binaries/index.js';
import { bannerText } from './banner.js';
import { ensureDevSecrets, type DevSecrets } from './dev-secrets.js';
import { httpOk, tcpOpen, waitUntil, type WaitOptions } from './health.js';
import {
  READ_MODEL_DATABASE,
  SERVICES,
  withDatabase,
  type DatabaseName,
  type LauncherConfig,
} from './launcher-env.js';
import { assertPortsAvailable } from './port-check.js';
import { postgresReady, STOP_POSTGRES_HOST } from './postgres-host.js';
import { ProcessRegistry } from './process-registry.js';
import { ProcessSpecs } from './process-specs.js';
import { displayPath, type Progress } from './progress.js';
import { builtPaths } from './project-paths.js';
import { readSearchAttributes, type SearchAttributeDefinition } from './search-attributes.js';
import { stopParts, type Part, type PartName } from './shutdown.js';
import {
  describeExit,
  SupervisedProcess,
  type ExitStatus,
  type ProcessSpec,
  type StopOptions,
} from './supervised-process.js';
import {
  connectTemporal,
  ensureSearchAttributes,
  namespaceReady,
  workerPolling,
} from './temporal-checks.js';

/** Why the launcher stops: Ctrl-C, or a process that died. */
class StopRequest extends Error {
  override readonly name = 'StopRequest';
}

/**
 * Starts the whole system in dependency order, waiting for each part to be healthy: Temporal,
 * PostgreSQL and Kafka together; the three services and the read model once PostgreSQL is up;
 * the worker once Temporal and the services are; then the API; the banner once Kafka is up too.
 * Then it watches: a process that dies stops the rest. `requestStop` stops everything in
 * reverse order.
 */
export class Launcher {
  private readonly parts: Part[] = [];
  private readonly controller = new AbortController();
  private readonly specs: ProcessSpecs;
  private registry: ProcessRegistry | undefined;
  private connection: Connection | undefined;
  private crashed = false;
  private forced = false;
  /** The first start-up that failed, when others ran alongside it. */
  private startFailure: unknown;

  constructor(
    private readonly config: LauncherConfig,
    private readonly out: Progress,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.specs = new ProcessSpecs(config, env);
  }

  /** Runs until stopped; resolves with the exit code once every process has stopped. */
  async run(): Promise<number> {
    let failed = false;
    try {
      await this.start();
      this.out.line(
        bannerText({
          apiUrl: `http://localhost:${this.config.ports.api}`,
          webUiUrl: this.webUiUrl(),
          kafka: `${this.config.kafka.bootstrapServers} (${this.config.kafka.kind})`,
          readModelUrl: this.specs.readModelUrl(),
          namespace: this.config.temporal.connection.namespace,
          logsDir: this.config.logsDir,
          dataDir: this.config.dataDir,
          startedInMs: performance.now(),
        }),
      );
      await new Promise((resolve) => {
        this.controller.signal.addEventListener('abort', resolve, { once: true });
      });
    } catch (error) {
      // After an abort, the reason has been reported (a crash), is the user's (Ctrl-C) or is the
      // start-up that failed while others ran alongside it.
      const failure = this.startFailure ?? (this.controller.signal.aborted ? undefined : error);
      if (failure !== undefined) {
        failed = true;
        this.out.problem(failure instanceof Error ? failure.message : inspect(failure));
        this.controller.abort(new StopRequest('start-up failed'));
      }
    } finally {
      await this.connection?.close().catch(() => undefined);
    }
    await stopParts(this.parts, this.out, () => this.forced);
    await this.registry?.release();
    if (this.forced) return 130;
    return failed || this.crashed ? 1 : 0;
  }

  /** Ctrl-C: stop everything in reverse order (also during start-up). */
  requestStop(reason: string): void {
    if (this.controller.signal.aborted) return;
    this.out.line(`\nStopping (${reason})…`);
    this.controller.abort(new StopRequest(reason));
  }

  /** A later Ctrl-C: kill whatever still runs. */
  forceStop(): void {
    this.forced = true;
    this.out.line('Killing the remaining processes…');
    for (const part of this.parts) for (const child of part.processes) child.kill();
  }

  private async start(): Promise<void> {
    const { config, out } = this;
    out.line(
      `Starting checkout-saga: data in ${displayPath(config.dataDir)}, ` +
        `logs in ${displayPath(config.logsDir)}`,
    );
    this.registry = await ProcessRegistry.claim(config.dataDir, (line) => {
      out.note(line);
    });
    await assertPortsAvailable(config.plannedPorts);
    await mkdir(config.logsDir, { recursive: true });
    const secrets = await ensureDevSecrets(config.dataDir);

    // Each part starts as soon as what it needs is up. Nothing waits for Kafka but the banner:
    // the services' outbox relays, the read model's consumer and the worker's event activity
    // retry until the broker answers, so its JVM start overlaps theirs.
    const temporal = this.startTemporal();
    const postgres = this.startPostgres();
    const kafka = this.startKafka();
    const participants = postgres.then((databaseUrls) =>
      this.together([
        this.startServices(databaseUrls, secrets),
        this.startReadModel(databaseUrls[READ_MODEL_DATABASE]),
      ] as const),
    );
    const worker = Promise.all([temporal, participants]).then(([connection]) =>
      this.startWorker(connection, secrets),
    );
    const api = worker.then(() => this.startApi(secrets));
    await this.together([temporal, postgres, kafka, participants, worker, api] as const);
  }

  /**
   * Start-ups run together. The first failure stops the others (through the abort signal) and is
   * the one reported; all have settled on return.
   */
  private async together<T extends readonly unknown[]>(starts: {
    readonly [K in keyof T]: Promise<T[K]>;
  }): Promise<T> {
    const settled = await Promise.allSettled(
      starts.map((start: Promise<unknown>) =>
        start.catch((error: unknown) => {
          if (!this.controller.signal.aborted) {
            this.startFailure = error;
            this.controller.abort(new StopRequest('start-up failed'));
          }
          throw error;
        }),
      ),
    );
    const failed = settled.find(
      (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
    );
    if (failed) throw this.startFailure ?? failed.reason;
    return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as never;
  }

  private async startTemporal(): Promise<Connection> {
    const { temporal } = this.config;
    const { namespace } = temporal.connection;
    const attributes = await readSearchAttributes(builtPaths(this.config.root).searchAttributes);
    if (temporal.kind === 'external') {
      const started = performance.now();
      const connection = await this.connectWhenReady(`Temporal at ${temporal.connection.address}`);
      await this.checkSearchAttributes(connection, attributes, false);
      this.out.done(
        'Temporal',
        `external, ${temporal.connection.address} (namespace ${namespace})`,
        performance.now() - started,
      );
      return connection;
    }

    const cli = await this.resolveCli();
    await mkdir(dirname(temporal.dbFile), { recursive: true });
    const started = performance.now();
    const part = this.addPart('Temporal dev server', { timeoutMs: 15_000 });
    await this.launch(part, this.specs.temporalDevServer(cli, attributes));
    await waitUntil(
      'the Temporal dev server',
      () => tcpOpen('127.0.0.1', temporal.port),
      this.waitOptions(),
    );
    const connection = await this.connectWhenReady('the Temporal dev server');
    await waitUntil(
      'the Temporal Web UI',
      () => httpOk(`http://127.0.0.1:${temporal.uiPort}/`),
      this.waitOptions(),
    );
    await this.checkSearchAttributes(connection, attributes, true);
    this.out.done(
      'Temporal dev server',
      `${temporal.connection.address}, Web UI on port ${temporal.uiPort}`,
      performance.now() - started,
    );
    return connection;
  }

  private async resolveCli(): Promise<string> {
    const started = performance.now();
    const cli = await resolveTemporalCli({
      log: (line) => {
        this.out.note(line);
      },
    });
    if (!cli) {
      throw new Error(
        'No Temporal CLI to run the dev server. Install Go (the first run builds the CLI, about ' +
          '4 minutes), put `temporal` on PATH or set TEMPORAL_CLI_PATH; or point ' +
          'TEMPORAL_ADDRESS at a running Temporal.',
      );
    }
    this.out.done(
      `Temporal CLI ${TEMPORAL_CLI_VERSION}`,
      `${cli.path} (${cli.source})`,
      performance.now() - started,
    );
    return cli.path;
  }

  private async connectWhenReady(what: string): Promise<Connection> {
    const { connection: config } = this.config.temporal;
    let connection: Connection | undefined;
    try {
      await waitUntil(
        what,
        async () => {
          connection ??= await connectTemporal(config);
          return namespaceReady(connection, config.namespace);
        },
        this.waitOptions(),
      );
    } catch (error) {
      await connection?.close();
      throw error;
    }
    if (!connection) throw new Error(`${what}: no connection`); // waitUntil succeeded
    this.connection = connection; // closed by run(), whatever happens next
    return connection;
  }

  private async checkSearchAttributes(
    connection: Connection,
    wanted: readonly SearchAttributeDefinition[],
    create: boolean,
  ): Promise<void> {
    const { namespace } = this.config.temporal.connection;
    try {
      const { added, missing } = await ensureSearchAttributes(connection, namespace, wanted, {
        create,
      });
      if (added.length > 0) this.out.note(`registered search attributes ${added.join(', ')}`);
      if (missing.length > 0) {
        this.out.note(
          `warning: namespace ${namespace} lacks the search attributes ${missing.join(', ')}; ` +
            'listing orders by status needs them (temporal-config/search-attributes.txt).',
        );
      }
    } catch (error) {
      if (create) throw error;
      this.out.note(`warning: could not check the search attributes: ${(error as Error).message}`);
    }
  }

  private async startPostgres(): Promise<Record<DatabaseName, string>> {
    const { postgres } = this.config;
    const urls = { ...this.config.databaseUrls };
    if (postgres.kind === 'embedded') {
      const started = performance.now();
      const part = this.addPart('PostgreSQL', STOP_POSTGRES_HOST);
      const host = await this.launch(part, this.specs.postgresHost());
      const serverUrl = await postgresReady(host, {
        timeoutMs: this.config.startTimeoutMs,
        signal: this.controller.signal,
      });
      for (const database of postgres.databases) urls[database] = withDatabase(serverUrl, database);
      this.out.done(
        'PostgreSQL',
        `127.0.0.1:${postgres.port}, embedded, data in ${displayPath(postgres.dataDir)}`,
        performance.now() - started,
      );
    }
    const databases = [...SERVICES, READ_MODEL_DATABASE] as const;
    const external = databases.filter((name) => this.config.databaseUrls[name] !== undefined);
    if (external.length > 0) {
      this.out.done('PostgreSQL', `external for ${external.join(', ')}`);
    }
    return Object.fromEntries(
      databases.map((name) => {
        const url = urls[name];
        if (url === undefined) throw new Error(`No database ${name}`);
        return [name, url];
      }),
    ) as Record<DatabaseName, string>;
  }

  /** The embedded broker (prepared and formatted once), or an external cluster; then the topics. */
  private async startKafka(): Promise<void> {
    const { kafka } = this.config;
    const started = performance.now();
    if (kafka.kind === 'external') {
      await waitUntil(
        `Kafka at ${kafka.bootstrapServers}`,
        async () => {
          await ensureTopics(kafka.bootstrapServers, TOPICS);
          return true;
        },
        this.waitOptions(),
      );
      this.out.done('Kafka', `external, ${kafka.bootstrapServers}`, performance.now() - started);
      return;
    }
    const part = this.addPart('Kafka', { timeoutMs: 30_000 });
    const launch = await prepareKafkaBroker({
      dataDir: kafka.dataDir,
      port: kafka.port,
      controllerPort: kafka.controllerPort,
      log: (line) => {
        this.out.note(line);
      },
    });
    if (launch.formatted) this.out.note(`formatted a new Kafka log directory in ${kafka.dataDir}`);
    await this.launch(part, this.specs.kafkaBroker(launch));
    await waitForKafkaBroker(kafka.bootstrapServers, {
      timeoutMs: this.config.startTimeoutMs,
      signal: this.controller.signal,
    });
    await ensureTopics(kafka.bootstrapServers, TOPICS);
    this.out.done(
      'Kafka',
      `${kafka.bootstrapServers}, embedded, data in ${displayPath(kafka.dataDir)}`,
      performance.now() - started,
    );
  }

  private async startServices(
    databaseUrls: Record<DatabaseName, string>,
    secrets: DevSecrets,
  ): Promise<void> {
    const part = this.addPart('services', { timeoutMs: 10_000 });
    const started = performance.now();
    for (const service of SERVICES) {
      await this.launch(part, this.specs.service(service, databaseUrls[service], secrets));
    }
    await Promise.all(
      SERVICES.map(async (service) => {
        const url = this.specs.serviceUrl(service);
        await waitUntil(
          `the ${service} service`,
          () => httpOk(`${url}/health`),
          this.waitOptions(),
        );
        this.out.done(`${service} service`, url, performance.now() - started);
      }),
    );
  }

  private async startReadModel(databaseUrl: string): Promise<void> {
    const part = this.addPart('read model', { timeoutMs: 10_000 });
    const started = performance.now();
    await this.launch(part, this.specs.readModel(databaseUrl));
    const url = this.specs.readModelUrl();
    await waitUntil('the order read model', () => httpOk(`${url}/health`), this.waitOptions());
    this.out.done('order read model', url, performance.now() - started);
  }

  private async startWorker(connection: Connection, secrets: DevSecrets): Promise<void> {
    const grace = this.config.workerShutdownGraceSeconds;
    const part = this.addPart(
      'worker',
      { timeoutMs: (grace + 15) * 1000 },
      `the worker lets running activities finish (up to ${grace} s)`,
    );
    const started = performance.now();
    const worker = await this.launch(part, this.specs.worker(secrets));
    const { connection: temporal } = this.config.temporal;
    await waitUntil(
      'the worker',
      () => workerPolling(connection, temporal, worker.pid),
      this.waitOptions(),
    );
    this.out.done(
      'worker',
      `polling task queue "${temporal.taskQueue}"` +
        (this.config.ports.workerMetrics > 0
          ? `, metrics on port ${this.config.ports.workerMetrics}`
          : ''),
      performance.now() - started,
    );
  }

  private async startApi(secrets: DevSecrets): Promise<void> {
    const part = this.addPart('API', { timeoutMs: 10_000 });
    const started = performance.now();
    await this.launch(part, this.specs.api(secrets));
    const url = `http://127.0.0.1:${this.config.ports.api}`;
    await waitUntil('the API', () => httpOk(`${url}/health`), this.waitOptions());
    this.out.done('API', url, performance.now() - started);
  }

  private addPart(name: PartName, stop: StopOptions, stoppingNote?: string): Part {
    const part: Part = { name, processes: [], stop, ...(stoppingNote ? { stoppingNote } : {}) };
    this.parts.push(part);
    return part;
  }

  /** Starts a process as one of the part's and records it in the data folder. */
  private async launch(part: Part, spec: ProcessSpec): Promise<SupervisedProcess> {
    this.controller.signal.throwIfAborted();
    if (!this.registry) throw new Error('launch() before claim');
    const child = await SupervisedProcess.start(spec, (crashed, status) => {
      this.onUnexpectedExit(crashed, status);
    });
    part.processes.push(child);
    await this.registry.add({ name: spec.name, pid: child.pid, commandLine: child.commandLine });
    return child;
  }

  private onUnexpectedExit(child: SupervisedProcess, status: ExitStatus): void {
    this.crashed = true;
    this.out.problem(
      `${child.spec.label} stopped unexpectedly (${describeExit(status)}). ` +
        `Its log: ${displayPath(child.spec.logFile)}`,
    );
    const recent = child.recentOutput(8).map((line) => shorten(line, 300));
    if (recent.length > 0) this.out.note(['last lines of its log:', ...recent].join('\n'));
    if (!this.controller.signal.aborted) {
      this.out.line('Stopping the other processes…');
      this.controller.abort(new StopRequest(`${child.spec.label} died`));
    }
  }

  private waitOptions(): WaitOptions {
    return {
      timeoutMs: this.config.startTimeoutMs,
      signal: this.controller.signal,
      onSlow: (message) => {
        this.out.note(message);
      },
    };
  }

  private webUiUrl(): string | undefined {
    const { temporal } = this.config;
    return temporal.kind === 'dev-server' ? `http://localhost:${temporal.uiPort}` : temporal.uiUrl;
  }
}

function shorten(line: string, length: number): string {
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`;
}
