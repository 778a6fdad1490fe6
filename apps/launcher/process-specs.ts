import { join } from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER } from '../../lib/auth-dev/index.js';
import type { DevSecrets } from './dev-secrets.js';
import type { KafkaBrokerLaunch } from '../../lib/kafka-broker/index.js';
import type { LauncherConfig, ServiceName } from './launcher-env.js';
import { DEV_SERVER_TUNING } from './dev-server-tuning.js';
import { builtPaths } from './project-paths.js';
import type { SearchAttributeDefinition } from './search-attributes.js';
import type { ProcessSpec } from './supervised-process.js';

/** The participants listen on loopback: only the worker and the API call them. */
export const PARTICIPANT_HOST = '127.0.0.1';

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
      // The Web UI decrypts payloads through the API (POST /codec/decode).
      '--ui-codec-endpoint',
      `http://127.0.0.1:${this.config.ports.api}/codec`,
      ...DEV_SERVER_TUNING,
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

  /** The embedded Kafka broker, prepared by lib/kafka-broker (jars, settings, formatted data). */
  kafkaBroker(launch: KafkaBrokerLaunch): ProcessSpec {
    return this.spec('kafka', 'the embedded Kafka', launch.command, launch.args);
  }

  /** A participant service, reachable from this machine only; its outbox relay publishes. */
  service(service: ServiceName, databaseUrl: string, secrets: DevSecrets): ProcessSpec {
    return this.node(service, `the ${service} service`, {
      PORT: String(this.config.ports[service]),
      HOST: PARTICIPANT_HOST,
      DATABASE_URL: databaseUrl,
      ...this.kafka(),
      ...(service === 'payment' ? this.paymentWebhooks(secrets) : {}),
    });
  }

  /** The order read model: consumes the topics, answers the API's lists on loopback. */
  readModel(databaseUrl: string): ProcessSpec {
    return this.node('read-model', 'the order read model', {
      PORT: String(this.config.ports.readModel),
      HOST: PARTICIPANT_HOST,
      DATABASE_URL: databaseUrl,
      ...this.kafka(),
    });
  }

  /** Where the read model listens, as the API reaches it. */
  readModelUrl(): string {
    return `http://${PARTICIPANT_HOST}:${this.config.ports.readModel}`;
  }

  worker(secrets: DevSecrets): ProcessSpec {
    return this.node('worker', 'the worker', {
      ...this.temporalAndParticipants(),
      ...this.kafka(),
      ...this.unlessSet({ PAYLOAD_ENCRYPTION_KEYS: secrets.payloadEncryptionKeys }),
      WORKER_METRICS_PORT: String(this.config.ports.workerMetrics),
      WORKFLOW_BUNDLE_PATH: this.env.WORKFLOW_BUNDLE_PATH ?? this.paths.workflowBundle,
    });
  }

  api(secrets: DevSecrets): ProcessSpec {
    const { temporal } = this.config;
    const ownsKeys = this.env.AUTH_JWKS_URL === undefined && this.env.AUTH_PUBLIC_KEY === undefined;
    return this.node('api', 'the API', {
      ...this.temporalAndParticipants(),
      ...this.kafka(),
      READ_MODEL_URL: this.readModelUrl(),
      PORT: String(this.config.ports.api),
      ...this.unlessSet({
        PAYLOAD_ENCRYPTION_KEYS: secrets.payloadEncryptionKeys,
        PAYMENT_WEBHOOK_SECRET: secrets.paymentWebhookSecret,
        AUTH_ISSUER: DEV_ISSUER,
        AUTH_AUDIENCE: DEV_AUDIENCE,
        // The local Web UI calls /codec from the browser, without a token.
        ...(temporal.kind === 'dev-server'
          ? {
              CODEC_CORS_ORIGINS: [
                `http://localhost:${temporal.uiPort}`,
                `http://127.0.0.1:${temporal.uiPort}`,
              ].join(','),
            }
          : {}),
      }),
      // Tokens from `npm run token`, unless the environment names a key source of its own.
      ...(ownsKeys ? { AUTH_PUBLIC_KEY: secrets.authPublicKey } : {}),
    });
  }

  /** Where the services listen, as the worker and the API reach them. */
  serviceUrl(service: ServiceName): string {
    return `http://127.0.0.1:${this.config.ports[service]}`;
  }

  /** The payment service signs webhooks to the API; challenges are links on this machine. */
  private paymentWebhooks(secrets: DevSecrets): NodeJS.ProcessEnv {
    return this.unlessSet({
      PAYMENT_WEBHOOK_URL: `http://127.0.0.1:${this.config.ports.api}/webhooks/payment`,
      PAYMENT_WEBHOOK_SECRET: secrets.paymentWebhookSecret,
      PAYMENT_PUBLIC_URL: `http://127.0.0.1:${this.config.ports.payment}`,
    });
  }

  /** The generated values, except those the environment sets (which the child inherits). */
  private unlessSet(values: Record<string, string>): NodeJS.ProcessEnv {
    return Object.fromEntries(
      Object.entries(values).filter(([name]) => (this.env[name] ?? '') === ''),
    );
  }

  private kafka(): NodeJS.ProcessEnv {
    return { KAFKA_BOOTSTRAP_SERVERS: this.config.kafka.bootstrapServers };
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
