// docker-compose.yml against what the processes actually read (their env schemas) and against
// itself: every address points at a service that listens there and that the caller waits for.
// Mistakes here would otherwise show only on a machine with a Docker engine, as a process that
// stops on a bad configuration or talks to nothing.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import {
  APP_ENV_SCHEMAS,
  APP_NAMES,
  appServices,
  containerPorts,
  durationMs,
  effectiveEnv,
  endpointOf,
  hostPathOf,
  hostPorts,
  isAddressVariable,
  isAppName,
  readComposeFile,
  REPO_ROOT,
  type AppName,
  type ComposeFile,
  type ComposeService,
  type Endpoint,
} from '../support/production-compose.js';
import { TOPICS } from '../../lib/events/index.js';
import { KAFKA_VERSION } from '../../lib/kafka-broker/versions.js';
import { TEMPORAL_SERVER_VERSION } from '../../lib/temporal-server-binaries/index.js';
import { cmd, finalStage, healthcheck, readDockerfile } from '../support/production-dockerfile.js';

const compose = readComposeFile();
const dockerfile = readDockerfile();
const runtime = finalStage(dockerfile);
const apps = appServices(compose);

/** The one-shot job that creates the namespace and registers the search attributes. */
const TEMPORAL_SETUP = 'temporal-setup';

/**
 * Addresses a service calls without needing them at start-up: deliveries it retries until they
 * are taken. The payment service's webhooks go to the api, which itself waits for payment.
 */
const RETRIED_DELIVERIES: Partial<Record<AppName, string[]>> = { payment: ['PAYMENT_WEBHOOK_URL'] };

/** Where the third-party services are told to find another one. */
const THIRD_PARTY_ADDRESSES: Record<
  string,
  { variables: string[]; endpoint: (env: Record<string, string>) => string }[]
> = {
  'temporal-schema': [
    { variables: ['SQL_HOST', 'SQL_PORT'], endpoint: (env) => `${env.SQL_HOST}:${env.SQL_PORT}` },
  ],
  temporal: [
    {
      variables: ['POSTGRES_SEEDS', 'DB_PORT'],
      endpoint: (env) => `${env.POSTGRES_SEEDS}:${env.DB_PORT}`,
    },
  ],
  [TEMPORAL_SETUP]: [
    { variables: ['TEMPORAL_ADDRESS'], endpoint: (env) => env.TEMPORAL_ADDRESS ?? '' },
  ],
  'temporal-ui': [
    { variables: ['TEMPORAL_ADDRESS'], endpoint: (env) => env.TEMPORAL_ADDRESS ?? '' },
  ],
};

function appOf(service: ComposeService): AppName {
  if (!isAppName(service.name)) {
    throw new Error(`${service.name} is not one of ${APP_NAMES.join(', ')}`);
  }
  return service.name;
}

function commandOf(service: ComposeService): string[] {
  return service.command ?? cmd(dockerfile, runtime);
}

/** The ports a service listens on inside the compose network. */
function listeningPorts(service: ComposeService): number[] {
  const ports = containerPorts(service);
  if (isAppName(service.name)) {
    const env = effectiveEnv(service.name, service);
    if (env.PORT !== undefined) ports.push(Number(env.PORT));
  }
  return ports;
}

/** Every (variable, endpoint) a service is configured to reach. */
function endpointsOf(service: ComposeService): { variable: string; endpoint: Endpoint }[] {
  if (isAppName(service.name)) {
    return Object.entries(effectiveEnv(service.name, service))
      .filter(([name]) => isAddressVariable(name))
      .map(([variable, value]) => ({ variable, endpoint: endpointOf(value) }));
  }
  return (THIRD_PARTY_ADDRESSES[service.name] ?? []).map(({ variables, endpoint }) => ({
    variable: variables.join(' + '),
    endpoint: endpointOf(endpoint(service.environment)),
  }));
}

/** Services `name` waits for, directly or through the services it waits for, with conditions. */
function waitsFor(file: ComposeFile, name: string, seen = new Set<string>()): Set<string> {
  for (const [dependency, condition] of Object.entries(file.services[name]?.dependsOn ?? {})) {
    // Started is not ready: only a health check or a completed job orders the start-up.
    if (condition === 'service_started' || seen.has(dependency)) continue;
    seen.add(dependency);
    waitsFor(file, dependency, seen);
  }
  return seen;
}

function hasHealthcheck(service: ComposeService): boolean {
  if (service.healthcheck) return service.healthcheck.test[0] !== 'NONE';
  return service.build !== undefined && healthcheck(dockerfile, runtime) !== undefined;
}

describe('docker-compose.yml and the apps it runs', () => {
  it('runs each app from the image with the entry point of the same name', () => {
    expect(apps.map((service) => service.name).sort()).toEqual([...APP_NAMES].sort());
    for (const service of apps) {
      expect({ service: service.name, command: commandOf(service) }).toEqual({
        service: service.name,
        command: ['node', `dist/apps/${service.name}/main.js`],
      });
      expect(existsSync(`${REPO_ROOT}apps/${service.name}/main.ts`)).toBe(true);
      expect(service.build?.context).toBe('.');
      expect(service.image).toBe(apps[0]?.image);
    }
    // The image's default command is the api's.
    expect(cmd(dockerfile, runtime)).toEqual(compose.services.api?.command);
  });

  it.each(APP_NAMES)('sets every variable %s requires and none it does not read', (name) => {
    const service = compose.services[name];
    if (!service) throw new Error(`no ${name} service`);
    const schema: z.ZodObject = APP_ENV_SCHEMAS[name];
    const known = Object.keys(schema.shape);
    const required = Object.entries(schema.shape)
      .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
      .map(([variable]) => variable);

    // OTEL_* are the OpenTelemetry SDK's own variables, read by it rather than by the app.
    expect(
      Object.keys(service.environment).filter(
        (variable) => !known.includes(variable) && !variable.startsWith('OTEL_'),
      ),
    ).toEqual([]);
    expect(required.filter((variable) => service.environment[variable] === undefined)).toEqual([]);
    // The values themselves pass the app's validation, as they must for the process to start.
    const parsed = schema.safeParse(service.environment);
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'))).toEqual(
      [],
    );
  });

  it('points every address at a service that listens on that port', () => {
    const problems: string[] = [];
    for (const service of Object.values(compose.services)) {
      for (const { variable, endpoint } of endpointsOf(service)) {
        const target = compose.services[endpoint.host];
        if (!target) {
          problems.push(`${service.name} ${variable}: no service named ${endpoint.host}`);
        } else if (!listeningPorts(target).includes(endpoint.port)) {
          problems.push(
            `${service.name} ${variable}: ${endpoint.host} does not listen on ${endpoint.port}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('makes each service wait until what it talks to is healthy', () => {
    const problems: string[] = [];
    for (const service of Object.values(compose.services)) {
      const awaited = waitsFor(compose, service.name);
      const retried = isAppName(service.name) ? (RETRIED_DELIVERIES[service.name] ?? []) : [];
      for (const { variable, endpoint } of endpointsOf(service)) {
        if (!awaited.has(endpoint.host) && !retried.includes(variable)) {
          problems.push(`${service.name} (${variable}) does not wait for ${endpoint.host}`);
        }
      }
      for (const [dependency, condition] of Object.entries(service.dependsOn)) {
        const target = compose.services[dependency];
        if (condition === 'service_healthy' && target && !hasHealthcheck(target)) {
          problems.push(`${service.name} waits for ${dependency} to be healthy: it has no check`);
        }
      }
    }
    // The apps using Temporal wait for the namespace and the search attributes to exist.
    for (const service of apps) {
      if (effectiveEnv(appOf(service), service).TEMPORAL_ADDRESS === undefined) continue;
      if (service.dependsOn[TEMPORAL_SETUP] !== 'service_completed_successfully') {
        problems.push(`${service.name} does not wait for ${TEMPORAL_SETUP} to complete`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every long-running service a health check and each one-shot job a bounded restart', () => {
    const jobs = Object.values(compose.services).filter((service) =>
      Object.values(compose.services).some(
        (other) => other.dependsOn[service.name] === 'service_completed_successfully',
      ),
    );
    expect(jobs.map((job) => job.name).sort()).toEqual([
      'kafka-setup',
      'temporal-schema',
      TEMPORAL_SETUP,
    ]);
    for (const service of Object.values(compose.services)) {
      if (jobs.includes(service)) {
        expect({ job: service.name, restart: service.restart }).toEqual({
          job: service.name,
          restart: expect.stringMatching(/^(no|on-failure(:\d+)?)$/),
        });
      } else {
        expect({ service: service.name, checked: hasHealthcheck(service) }).toEqual({
          service: service.name,
          checked: true,
        });
      }
    }
  });

  it('agrees between the api, the worker and the setup job on namespace and task queue', () => {
    const env = (name: AppName) => {
      const service = compose.services[name];
      if (!service) throw new Error(`no ${name} service`);
      return effectiveEnv(name, service);
    };
    const api = env('api');
    const worker = env('worker');
    expect(api.TEMPORAL_ADDRESS).toBe(worker.TEMPORAL_ADDRESS);
    expect(api.TEMPORAL_NAMESPACE).toBe(worker.TEMPORAL_NAMESPACE);
    expect(api.TEMPORAL_TASK_QUEUE).toBe(worker.TEMPORAL_TASK_QUEUE);
    expect(compose.services[TEMPORAL_SETUP]?.environment.TEMPORAL_NAMESPACE).toBe(
      worker.TEMPORAL_NAMESPACE,
    );
    // The api's health check and the worker's activities reach the same services.
    for (const variable of ['INVENTORY_URL', 'PAYMENT_URL', 'SHIPPING_URL']) {
      expect(api[variable]).toBe(worker[variable]);
    }
    // Both sides of the payload encryption and of the payment webhooks hold the same secret.
    expect(api.PAYLOAD_ENCRYPTION_KEYS).toBe(worker.PAYLOAD_ENCRYPTION_KEYS);
    expect(api.PAYMENT_WEBHOOK_SECRET).toBe(env('payment').PAYMENT_WEBHOOK_SECRET);
    expect(new URL(env('payment').PAYMENT_WEBHOOK_URL ?? '').pathname).toBe('/webhooks/payment');
  });

  it('gives each service a database of its own, apart from Temporal’s', () => {
    const temporal = compose.services.temporal?.environment ?? {};
    const databases = ['inventory', 'payment', 'shipping', 'read-model'].map((name) => {
      const url = compose.services[name]?.environment.DATABASE_URL;
      if (url === undefined) throw new Error(`${name} sets no DATABASE_URL`);
      return new URL(url).pathname.slice(1);
    });
    expect(new Set(databases).size).toBe(databases.length);
    expect(databases).not.toContain(temporal.DBNAME);
    expect(databases).not.toContain(temporal.VISIBILITY_DBNAME);
    const schemaJob = compose.services['temporal-schema']?.environment ?? {};
    expect([schemaJob.TEMPORAL_DATABASE, schemaJob.TEMPORAL_VISIBILITY_DATABASE]).toEqual([
      temporal.DBNAME,
      temporal.VISIBILITY_DBNAME,
    ]);
  });

  it('lets the worker scale and drain', () => {
    const worker = compose.services.worker;
    if (!worker) throw new Error('no worker service');
    expect(worker.containerName).toBeUndefined();
    expect(worker.ports).toEqual([]);
    const grace = Number(effectiveEnv('worker', worker).WORKER_SHUTDOWN_GRACE_SECONDS) * 1000;
    expect(durationMs(worker.stopGracePeriod ?? '10s')).toBeGreaterThan(grace);
  });

  it('publishes the api on 3000, the Temporal UI on 8080 and Temporal on 7233', () => {
    const published = (name: string) => {
      const found = compose.services[name];
      return found ? hostPorts(found) : [];
    };
    expect(published('api')).toEqual([3000]);
    expect(published('temporal-ui')).toEqual([8080]);
    expect(published('temporal')).toEqual([7233]);
    const all = Object.values(compose.services).flatMap(hostPorts);
    expect(new Set(all).size).toBe(all.length);
  });

  it('publishes Temporal and its Web UI, which have no authentication here, on 127.0.0.1 only', () => {
    for (const name of ['temporal', 'temporal-ui']) {
      const ports = compose.services[name]?.ports ?? [];
      expect({ name, ports: ports.filter((entry) => !entry.startsWith('127.0.0.1:')) }).toEqual({
        name,
        ports: [],
      });
    }
  });

  it('runs the Temporal server without an authorizer explicitly, as it will soon require', () => {
    expect(compose.services.temporal?.environment.TEMPORAL_ALLOW_NO_AUTH).toBe('true');
  });

  it('points the Web UI at the api’s codec endpoint, on the address the browser reaches', () => {
    const codec = new URL(
      compose.services['temporal-ui']?.environment.TEMPORAL_CODEC_ENDPOINT ?? '',
    );
    expect(codec.pathname).toBe('/codec');
    expect(codec.hostname).toBe('localhost');
    const api = compose.services.api;
    if (!api) throw new Error('no api service');
    expect(hostPorts(api)).toContain(Number(codec.port));
    // The browser calls it from the UI's page: the api answers that origin with CORS.
    const ui = compose.services['temporal-ui'];
    if (!ui) throw new Error('no temporal-ui service');
    const uiOrigins = hostPorts(ui).map((port) => `http://localhost:${String(port)}`);
    expect(api.environment.CODEC_CORS_ORIGINS?.split(',')).toEqual(uiOrigins);
  });

  it('makes the participant services listen on every interface of their container', () => {
    for (const name of ['inventory', 'payment', 'shipping', 'read-model']) {
      expect({ name, host: compose.services[name]?.environment.HOST }).toEqual({
        name,
        host: '0.0.0.0',
      });
    }
  });

  it('checks the Web UI’s health with BusyBox wget, since the UI image has no curl', () => {
    const test = compose.services['temporal-ui']?.healthcheck?.test ?? [];
    expect(test.slice(0, 2)).toEqual(['CMD', 'wget']);
    expect(test.at(-1)).toBe('http://127.0.0.1:8080/healthz');
  });

  it('runs the Temporal server version that the native server test builds and runs', () => {
    expect(compose.services.temporal?.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
    for (const job of ['temporal-schema', TEMPORAL_SETUP]) {
      expect(compose.services[job]?.image).toBe(
        `temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`,
      );
    }
  });

  it('runs the Kafka version of the embedded broker, and creates every event topic', () => {
    expect(compose.services.kafka?.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    const job = compose.services['kafka-setup'];
    expect(job?.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    const script = job?.entrypoint?.join(' ') ?? '';
    for (const topic of TOPICS) expect(script).toContain(topic);
    expect(script).toContain('--if-not-exists');
    // The broker advertises the address the apps are given.
    expect(compose.services.kafka?.environment.KAFKA_ADVERTISED_LISTENERS).toBe(
      `PLAINTEXT://${compose.services['read-model']?.environment.KAFKA_BOOTSTRAP_SERVERS ?? ''}`,
    );
  });

  it('pins every image to a version', () => {
    for (const service of Object.values(compose.services)) {
      if (service.build) continue;
      expect(service.image).toMatch(/^[a-z0-9./-]+:v?\d+(\.\d+)+[\w.-]*$/);
    }
  });

  it('names in docs/deployment.md the versions it pins', () => {
    const docs = readFileSync(`${REPO_ROOT}docs/deployment.md`, 'utf8');
    const pinned = [
      ...Object.values(compose.services).flatMap((service) =>
        service.build || service.image === undefined ? [] : [service.image],
      ),
      dockerfile.globalArgs.NODE_IMAGE ?? 'the Dockerfile NODE_IMAGE',
    ];
    expect(pinned.filter((image) => !docs.includes(`\`${image}\``))).toEqual([]);
  });

  it('mounts the files the Temporal services are pointed at', () => {
    const mounted = (service: string, path: string | undefined) => {
      const target = compose.services[service];
      if (!target || path === undefined) return undefined;
      return hostPathOf(target, path);
    };
    const paths = [
      mounted('temporal', compose.services.temporal?.environment.DYNAMIC_CONFIG_FILE_PATH),
      mounted(TEMPORAL_SETUP, compose.services[TEMPORAL_SETUP]?.environment.SEARCH_ATTRIBUTES_FILE),
      mounted(TEMPORAL_SETUP, compose.services[TEMPORAL_SETUP]?.entrypoint?.at(-1)),
      mounted('temporal-schema', compose.services['temporal-schema']?.entrypoint?.at(-1)),
    ];
    expect(paths.map((path) => path?.replace(REPO_ROOT, ''))).toEqual([
      'temporal-config/dynamic-config.yaml',
      'temporal-config/search-attributes.txt',
      'temporal-config/setup-namespace.sh',
      'temporal-config/setup-schema.sh',
    ]);
    for (const path of paths) expect(existsSync(path ?? '')).toBe(true);
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes.filter((entry) => entry.startsWith('.'))) {
        expect(existsSync(`${REPO_ROOT}${volume.split(':')[0]}`)).toBe(true);
      }
    }
  });
});
