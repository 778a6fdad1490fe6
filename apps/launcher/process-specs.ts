import { join } from 'node:path';
import type { LauncherConfig, ServiceName } from './launcher-env.js';
import { builtPaths } from './project-paths.js';
import type { SearchAttributeDefinition } from './search-attributes.js';
import type { ProcessSpec } from './supervised-process.js';

/** How each process is started: command, arguments, environment and log file. */
export class ProcessSpecs {
  private readonly paths;

  constructor(
    private readonly config: LauncherConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.paths = builtPaths(config.root);
  }

  temporalDevServer(
    cliPath: string,
    attributes: readonly SearchAttributeDefinition[],
  ): ProcessSpec {
    const { temporal } = this.config;
    if (temporal.kind !== 'dev-server') throw new Error('Temporal is external: no dev server');
    const namespace = temporal.connection.namespace;
    return this.spec('temporal', 'the Temporal dev server', cliPath, [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(temporal.port),
      '--ui-port',
      String(temporal.uiPort),
      '--db-filename',
      temporal.dbFile,
      '--log-level',
      'warn',
      '--log-format',
      'json',
      ...attributes.flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]),
      // "default" always exists; another namespace must be created at launch.
      ...(namespace === 'default' ? [] : ['--namespace', namespace]),
    ]);
  }

  postgresHost(): ProcessSpec {
    const { postgres } = this.config;
    if (postgres.kind !== 'embedded') throw new Error('PostgreSQL is external: nothing to host');
    return {
      ...this.spec('postgres', 'the embedded PostgreSQL', process.execPath, [
        this.paths.postgresHost,
        '--data-dir',
        postgres.dataDir,
        '--port',
        String(postgres.port),
        ...postgres.databases.flatMap((database) => ['--database', database]),
      ]),
      ipc: true,
    };
  }

  service(service: ServiceName, databaseUrl: string): ProcessSpec {
    return this.node(service, `the ${service} service`, {
      PORT: String(this.config.ports[service]),
      DATABASE_URL: databaseUrl,
    });
  }

  worker(): ProcessSpec {
    return this.node('worker', 'the worker', {
      ...this.temporalAndParticipants(),
      WORKER_METRICS_PORT: String(this.config.ports.workerMetrics),
      WORKFLOW_BUNDLE_PATH: this.env.WORKFLOW_BUNDLE_PATH ?? this.paths.workflowBundle,
    });
  }

  api(): ProcessSpec {
    return this.node('api', 'the API', {
      ...this.temporalAndParticipants(),
      PORT: String(this.config.ports.api),
    });
  }

  /** Where the services listen, as the worker and the API reach them. */
  serviceUrl(service: ServiceName): string {
    return `http://127.0.0.1:${this.config.ports[service]}`;
  }

  private temporalAndParticipants(): NodeJS.ProcessEnv {
    return {
      TEMPORAL_ADDRESS: this.config.temporal.connection.address,
      INVENTORY_URL: this.serviceUrl('inventory'),
      PAYMENT_URL: this.serviceUrl('payment'),
      SHIPPING_URL: this.serviceUrl('shipping'),
    };
  }

  private node(app: string, label: string, env: NodeJS.ProcessEnv): ProcessSpec {
    return {
      ...this.spec(app, label, process.execPath, [this.paths.entryPoint(app)]),
      env: { ...this.env, ...env },
    };
  }

  private spec(name: string, label: string, command: string, args: string[]): ProcessSpec {
    return {
      name,
      label,
      command,
      args,
      env: this.env,
      cwd: this.config.root,
      logFile: join(this.config.logsDir, `${name}.log`),
    };
  }
}
