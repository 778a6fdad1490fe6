// The application's six processes started natively with the commands docker-compose.yml gives
// them and the environment it sets, its host names replaced by this machine's ports: the three
// services and the read model on fresh databases of the test PostgreSQL (each creating its own, as
// in compose) and the test run's Kafka, the worker and the api on the given Temporal server. The deployment's secrets replace compose's
// local development values.
import { findFreePort } from '../../lib/embedded-postgres/ports.js';
import { kafkaBootstrapServers } from './kafka.js';
import { dropDatabase, uniqueDatabaseUrl } from './participants.js';
import {
  APP_ENV_SCHEMAS,
  APP_NAMES,
  effectiveEnv,
  endpointOf,
  isAddressVariable,
  isAppName,
  type AppName,
  type ComposeFile,
  type ComposeService,
} from './production-compose.js';
import { startProcess, waitForOk, type RunningProcess } from './production-processes.js';

export const SERVICES = ['inventory', 'payment', 'shipping'] as const satisfies AppName[];

export interface NativeAppsOptions {
  compose: ComposeFile;
  /** The image's WORKDIR: where `node dist/apps/<app>/main.js` runs. */
  cwd: string;
  /** The image's ENV. */
  imageEnv: Record<string, string>;
  /** The image's CMD, for a service without a command of its own. */
  defaultCommand: string[];
  temporalAddress: string;
  /** Secrets of the deployment; each process gets those its schema reads. */
  secrets: Record<string, string>;
}

export interface NativeApps {
  envs: Record<AppName, Record<string, string>>;
  processes: Partial<Record<AppName, RunningProcess>>;
  httpPort(app: AppName): number;
  metricsPort: number;
  commandOf(app: AppName): string[];
  /** Starts the services and the read model, then the worker, then the api, each once the previous answer. */
  startAll(): Promise<void>;
  /** Started at: when each process was spawned and when it first answered (ms since epoch). */
  startTimes: Partial<Record<AppName, { spawned: number; ready: number }>>;
  stopAll(graceMs?: number): Promise<void>;
}

export async function prepareNativeApps(options: NativeAppsOptions): Promise<NativeApps> {
  const { compose } = options;
  const service = (app: AppName): ComposeService => {
    const found = compose.services[app];
    if (!found) throw new Error(`docker-compose.yml has no ${app} service`);
    return found;
  };
  const ports: Partial<Record<AppName, number>> = {};
  for (const app of APP_NAMES) {
    if (service(app).environment.PORT !== undefined) ports[app] = await findFreePort();
  }
  const metricsPort = await findFreePort();
  const httpPort = (app: AppName): number => {
    const port = ports[app];
    if (port === undefined) throw new Error(`${app} has no port`);
    return port;
  };
  const databases: string[] = [];

  const nativeEnv = (app: AppName): Record<string, string> => {
    const known = Object.keys(APP_ENV_SCHEMAS[app].shape);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...options.imageEnv,
      ...service(app).environment,
      ...Object.fromEntries(
        Object.entries(options.secrets).filter(([name]) => known.includes(name)),
      ),
    };
    if (env.PORT !== undefined) {
      env.PORT = String(httpPort(app));
      env.HOST = '127.0.0.1';
    }
    if (env.WORKER_METRICS_PORT !== undefined) env.WORKER_METRICS_PORT = String(metricsPort);
    for (const [name, value] of Object.entries(effectiveEnv(app, service(app)))) {
      if (!isAddressVariable(name)) continue;
      const { host } = endpointOf(value);
      if (name === 'DATABASE_URL') {
        const url = uniqueDatabaseUrl(`production_${app}`);
        databases.push(url);
        env[name] = url;
      } else if (name === 'TEMPORAL_ADDRESS' && host === 'temporal') {
        env[name] = options.temporalAddress;
      } else if (name === 'KAFKA_BOOTSTRAP_SERVERS' && host === 'kafka') {
        env[name] = kafkaBootstrapServers(); // the test run's broker
      } else if (isAppName(host)) {
        const url = new URL(value);
        url.hostname = '127.0.0.1';
        url.port = String(httpPort(host));
        env[name] = url.pathname === '/' ? url.origin : url.href;
      } else {
        throw new Error(`${app} ${name}=${value}: no native counterpart for ${host}`);
      }
    }
    return env;
  };
  const envs = Object.fromEntries(APP_NAMES.map((app) => [app, nativeEnv(app)])) as Record<
    AppName,
    Record<string, string>
  >;
  const commandOf = (app: AppName): string[] => service(app).command ?? options.defaultCommand;
  const processes: Partial<Record<AppName, RunningProcess>> = {};
  const startTimes: NativeApps['startTimes'] = {};

  const startAndWait = async (app: AppName, readyUrl: string): Promise<void> => {
    const spawned = Date.now();
    const running = startProcess(app, commandOf(app), { cwd: options.cwd, env: envs[app] });
    processes[app] = running;
    await waitForOk(readyUrl, running);
    startTimes[app] = { spawned, ready: Date.now() };
  };

  return {
    envs,
    processes,
    httpPort,
    metricsPort,
    commandOf,
    startTimes,
    async startAll() {
      await Promise.all(
        [...SERVICES, 'read-model' as const].map((app) =>
          startAndWait(app, `http://127.0.0.1:${httpPort(app)}/health`),
        ),
      );
      await startAndWait('worker', `http://127.0.0.1:${metricsPort}/metrics`);
      await startAndWait('api', `http://127.0.0.1:${httpPort('api')}/health`);
    },
    async stopAll(graceMs = 5_000) {
      await Promise.all(Object.values(processes).map((running) => running.stop(graceMs)));
      await Promise.all(databases.map((url) => dropDatabase(url).catch(() => undefined)));
    },
  };
}
