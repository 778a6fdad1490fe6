import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigurationError, loadEnv } from '../../lib/config/index.js';
import { kafkaEnvSchema } from '../../lib/kafka/index.js';
import { loadTemporalConfig, temporalEnv, type TemporalConfig } from '../../lib/temporal/index.js';
import { workerEnv } from '../worker/worker-env.js';
import { projectRoot } from './project-paths.js';

/** A port the launcher makes something listen on: never 0, since the banner prints it. */
const listenPort = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).default(fallback);

const optionalPostgresUrl = (meaning: string) =>
  z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .optional()
    .describe(meaning);

/**
 * Every variable `npm start` reads itself; the keys are the variable names. The processes it
 * starts read theirs too (they inherit the environment), except the ones the launcher sets:
 * PORT, DATABASE_URL, TEMPORAL_ADDRESS (when it runs the dev server), the services' URLs and
 * WORKFLOW_BUNDLE_PATH.
 */
export const launcherEnv = z.object({
  LAUNCHER_DATA_DIR: z
    .string()
    .min(1)
    .default('.data')
    .describe(
      'Folder of the dev server database (temporal/), the PostgreSQL cluster (postgres/), the Kafka broker (kafka/) and the logs (logs/); relative to the repository root. Kept between runs, so a restart resumes in-flight sagas.',
    ),
  LAUNCHER_START_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(120)
    .describe('How long each part may take to become healthy before the launcher gives up.'),
  API_PORT: listenPort(3000).describe('Port of the API (and its Swagger UI at /docs).'),
  INVENTORY_PORT: listenPort(3001).describe('Port of the inventory service.'),
  PAYMENT_PORT: listenPort(3002).describe('Port of the payment service.'),
  SHIPPING_PORT: listenPort(3003).describe('Port of the shipping service.'),
  READ_MODEL_PORT: listenPort(3004).describe('Port of the order read model (internal HTTP).'),
  WORKER_METRICS_PORT: workerEnv.shape.WORKER_METRICS_PORT,
  WORKER_SHUTDOWN_GRACE_SECONDS: workerEnv.shape.WORKER_SHUTDOWN_GRACE_SECONDS,
  ...temporalEnv.shape,
  TEMPORAL_ADDRESS: temporalEnv.shape.TEMPORAL_ADDRESS.unwrap()
    .optional()
    .describe(
      'An external Temporal frontend (host:port), e.g. a cluster or Temporal Cloud; unset runs the Temporal dev server.',
    ),
  TEMPORAL_PORT: listenPort(7233).describe('gRPC port of the Temporal dev server.'),
  TEMPORAL_UI_PORT: listenPort(8233).describe('Port of the dev server’s Temporal Web UI.'),
  TEMPORAL_UI_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .describe('Web UI of the external Temporal, printed in the banner (with TEMPORAL_ADDRESS).'),
  POSTGRES_URL: optionalPostgresUrl(
    'An external PostgreSQL server (postgres://user:password@host:port); the services use its databases inventory, payment and shipping (created when missing). Unset runs the embedded PostgreSQL.',
  ),
  POSTGRES_PORT: listenPort(5433).describe('Port of the embedded PostgreSQL.'),
  INVENTORY_DATABASE_URL: optionalPostgresUrl(
    "The inventory service's database; overrides POSTGRES_URL for it.",
  ),
  PAYMENT_DATABASE_URL: optionalPostgresUrl(
    "The payment service's database; overrides POSTGRES_URL for it.",
  ),
  SHIPPING_DATABASE_URL: optionalPostgresUrl(
    "The shipping service's database; overrides POSTGRES_URL for it.",
  ),
  READ_MODEL_DATABASE_URL: optionalPostgresUrl(
    "The order read model's database; overrides POSTGRES_URL (database order_read_model) for it.",
  ),
  KAFKA_BOOTSTRAP_SERVERS: kafkaEnvSchema.shape.KAFKA_BOOTSTRAP_SERVERS.describe(
    'An external Kafka cluster (comma-separated host:port); unset runs the embedded single-node Kafka.',
  ),
  KAFKA_PORT: listenPort(9092).describe('Client port of the embedded Kafka broker.'),
  KAFKA_CONTROLLER_PORT: listenPort(9093).describe(
    'KRaft controller port of the embedded Kafka broker.',
  ),
});

type LauncherVars = z.infer<typeof launcherEnv>;

/** Variables that would point the launcher, or a process it starts, at servers of another system. */
const EXTERNAL_SERVER_VARIABLES: readonly string[] = [
  'TEMPORAL_ADDRESS',
  'POSTGRES_URL',
  'INVENTORY_DATABASE_URL',
  'PAYMENT_DATABASE_URL',
  'SHIPPING_DATABASE_URL',
  'READ_MODEL_DATABASE_URL',
  'DATABASE_URL',
  'KAFKA_BOOTSTRAP_SERVERS',
];

/** `env` without the variables that point at external servers: a stack of its own starts clean. */
export function withoutExternalServers(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !EXTERNAL_SERVER_VARIABLES.includes(name)),
  );
}

export const SERVICES = ['inventory', 'payment', 'shipping'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The order read model's database (on the embedded PostgreSQL, or POSTGRES_URL's server). */
export const READ_MODEL_DATABASE = 'order_read_model';
/** Every database the launcher provides: the services' and the read model's. */
export type DatabaseName = ServiceName | typeof READ_MODEL_DATABASE;
const DATABASES: readonly DatabaseName[] = [...SERVICES, READ_MODEL_DATABASE];

/** A port something started by the launcher will listen on, and what for. */
export interface PlannedPort {
  port: number;
  /** Who listens, e.g. `the API`. */
  purpose: string;
  /** The variable that changes it. */
  variable: string;
  /** The address the process binds. */
  host: string;
}

export type TemporalPlan =
  | {
      kind: 'dev-server';
      connection: TemporalConfig;
      port: number;
      uiPort: number;
      dbFile: string;
    }
  | { kind: 'external'; connection: TemporalConfig; uiUrl?: string };

export type PostgresPlan =
  | { kind: 'embedded'; port: number; dataDir: string; databases: DatabaseName[] }
  | { kind: 'external' };

export type KafkaPlan =
  | {
      kind: 'embedded';
      port: number;
      controllerPort: number;
      dataDir: string;
      bootstrapServers: string;
    }
  | { kind: 'external'; bootstrapServers: string };

export interface LauncherConfig {
  root: string;
  dataDir: string;
  logsDir: string;
  startTimeoutMs: number;
  temporal: TemporalPlan;
  postgres: PostgresPlan;
  kafka: KafkaPlan;
  /** Databases given by the environment; the others live on the embedded PostgreSQL. */
  databaseUrls: Partial<Record<DatabaseName, string>>;
  ports: { api: number; workerMetrics: number; readModel: number } & Record<ServiceName, number>;
  workerShutdownGraceSeconds: number;
  /** Every port to check before anything starts. */
  plannedPorts: PlannedPort[];
}

/** Validates the launcher's variables; a ConfigurationError names each bad one. */
export function loadLauncherConfig(env: NodeJS.ProcessEnv = process.env): LauncherConfig {
  const vars = loadEnv('launcher', launcherEnv.superRefine(checkCombinations), env);
  const root = projectRoot();
  const dataDir = isAbsolute(vars.LAUNCHER_DATA_DIR)
    ? vars.LAUNCHER_DATA_DIR
    : resolve(root, vars.LAUNCHER_DATA_DIR);
  const temporal = temporalPlan(vars, env, dataDir);
  const databaseUrls = databaseUrlsFrom(vars);
  const needEmbedded = DATABASES.filter((database) => databaseUrls[database] === undefined);
  const postgres: PostgresPlan =
    needEmbedded.length > 0
      ? {
          kind: 'embedded',
          port: vars.POSTGRES_PORT,
          dataDir: join(dataDir, 'postgres'),
          databases: needEmbedded,
        }
      : { kind: 'external' };
  const config: Omit<LauncherConfig, 'plannedPorts'> = {
    root,
    dataDir,
    logsDir: join(dataDir, 'logs'),
    startTimeoutMs: vars.LAUNCHER_START_TIMEOUT_SECONDS * 1000,
    temporal,
    postgres,
    kafka: kafkaPlan(vars, dataDir),
    databaseUrls,
    ports: {
      api: vars.API_PORT,
      inventory: vars.INVENTORY_PORT,
      payment: vars.PAYMENT_PORT,
      shipping: vars.SHIPPING_PORT,
      workerMetrics: vars.WORKER_METRICS_PORT,
      readModel: vars.READ_MODEL_PORT,
    },
    workerShutdownGraceSeconds: vars.WORKER_SHUTDOWN_GRACE_SECONDS,
  };
  const ports = plannedPorts(config);
  assertDistinctPorts(ports);
  return { ...config, plannedPorts: ports };
}

function temporalPlan(vars: LauncherVars, env: NodeJS.ProcessEnv, dataDir: string): TemporalPlan {
  if (vars.TEMPORAL_ADDRESS !== undefined) {
    return {
      kind: 'external',
      connection: loadTemporalConfig(env),
      ...(vars.TEMPORAL_UI_URL ? { uiUrl: vars.TEMPORAL_UI_URL } : {}),
    };
  }
  return {
    kind: 'dev-server',
    connection: {
      address: `127.0.0.1:${vars.TEMPORAL_PORT}`,
      namespace: vars.TEMPORAL_NAMESPACE,
      taskQueue: vars.TEMPORAL_TASK_QUEUE,
    },
    port: vars.TEMPORAL_PORT,
    uiPort: vars.TEMPORAL_UI_PORT,
    dbFile: join(dataDir, 'temporal', 'temporal.db'),
  };
}

function kafkaPlan(vars: LauncherVars, dataDir: string): KafkaPlan {
  if (vars.KAFKA_BOOTSTRAP_SERVERS !== undefined) {
    return { kind: 'external', bootstrapServers: vars.KAFKA_BOOTSTRAP_SERVERS };
  }
  return {
    kind: 'embedded',
    port: vars.KAFKA_PORT,
    controllerPort: vars.KAFKA_CONTROLLER_PORT,
    dataDir: join(dataDir, 'kafka'),
    bootstrapServers: `127.0.0.1:${vars.KAFKA_PORT}`,
  };
}

function databaseUrlsFrom(vars: LauncherVars): Partial<Record<DatabaseName, string>> {
  const own: Record<DatabaseName, string | undefined> = {
    inventory: vars.INVENTORY_DATABASE_URL,
    payment: vars.PAYMENT_DATABASE_URL,
    shipping: vars.SHIPPING_DATABASE_URL,
    [READ_MODEL_DATABASE]: vars.READ_MODEL_DATABASE_URL,
  };
  const urls: Partial<Record<DatabaseName, string>> = {};
  for (const database of DATABASES) {
    const url =
      own[database] ??
      (vars.POSTGRES_URL === undefined ? undefined : withDatabase(vars.POSTGRES_URL, database));
    if (url !== undefined) urls[database] = url;
  }
  return urls;
}

/** The server URL with the database as its path (replacing any database it named). */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function plannedPorts({ temporal, postgres, kafka, ports }: Omit<LauncherConfig, 'plannedPorts'>) {
  const local = '127.0.0.1'; // the dev server, PostgreSQL and the services
  const everywhere = '0.0.0.0'; // the API and the worker's metrics listen on every interface
  const planned = (port: number, purpose: string, variable: string, host: string) => ({
    port,
    purpose,
    variable,
    host,
  });
  const candidates: (PlannedPort | false)[] = [
    temporal.kind === 'dev-server' &&
      planned(temporal.port, 'the Temporal dev server (gRPC)', 'TEMPORAL_PORT', local),
    temporal.kind === 'dev-server' &&
      planned(temporal.uiPort, 'the Temporal Web UI', 'TEMPORAL_UI_PORT', local),
    postgres.kind === 'embedded' &&
      planned(postgres.port, 'the embedded PostgreSQL', 'POSTGRES_PORT', local),
    kafka.kind === 'embedded' && planned(kafka.port, 'the embedded Kafka', 'KAFKA_PORT', local),
    kafka.kind === 'embedded' &&
      planned(
        kafka.controllerPort,
        "the embedded Kafka's controller",
        'KAFKA_CONTROLLER_PORT',
        local,
      ),
    ...SERVICES.map((service) =>
      planned(ports[service], `the ${service} service`, `${service.toUpperCase()}_PORT`, local),
    ),
    planned(ports.readModel, 'the order read model', 'READ_MODEL_PORT', local),
    ports.workerMetrics > 0 &&
      planned(ports.workerMetrics, "the worker's metrics", 'WORKER_METRICS_PORT', everywhere),
    planned(ports.api, 'the API', 'API_PORT', everywhere),
  ];
  return candidates.filter((candidate) => candidate !== false);
}

/** Two parts on one port would fail at start-up, half-way: refuse before. */
function assertDistinctPorts(ports: readonly PlannedPort[]): void {
  const problems = ports.flatMap(({ port, variable }, index) => {
    const first = ports.find((other) => other.port === port);
    return first && ports.indexOf(first) < index
      ? [`  ${variable}: ${port} is also ${first.variable}; each part needs a port of its own`]
      : [];
  });
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid launcher configuration:\n${problems.join('\n')}`);
  }
}

const EXTERNAL_TEMPORAL_ONLY = [
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS_CERT_PATH',
  'TEMPORAL_TLS_KEY_PATH',
  'TEMPORAL_UI_URL',
] as const;

function checkCombinations(vars: LauncherVars, context: z.RefinementCtx): void {
  if (vars.TEMPORAL_ADDRESS !== undefined) return;
  for (const name of EXTERNAL_TEMPORAL_ONLY) {
    if (vars[name] !== undefined) {
      context.addIssue({
        code: 'custom',
        path: [name],
        message: 'applies to an external Temporal only: set TEMPORAL_ADDRESS too',
      });
    }
  }
}
