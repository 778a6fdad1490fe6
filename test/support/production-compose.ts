// docker-compose.yml as data, for the tests that check it without a Docker engine: parsed with a
// YAML parser, `${VAR:-default}` interpolated from the defaults alone (never from the machine's
// environment, so every machine checks the same file), and the env schemas of the apps the
// services run.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { z } from 'zod';
import { apiEnv } from '../../apps/api/api-env.js';
import { inventoryEnv } from '../../apps/inventory/inventory-env.js';
import { paymentEnv } from '../../apps/payment/payment-env.js';
import { readModelEnv } from '../../apps/read-model/read-model-env.js';
import { shippingEnv } from '../../apps/shipping/shipping-env.js';
import { workerEnv } from '../../apps/worker/worker-env.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The processes of the application image and the variables each reads. */
export const APP_ENV_SCHEMAS = {
  api: apiEnv,
  worker: workerEnv,
  inventory: inventoryEnv,
  payment: paymentEnv,
  shipping: shippingEnv,
  'read-model': readModelEnv,
} as const satisfies Record<string, z.ZodObject>;

export type AppName = keyof typeof APP_ENV_SCHEMAS;

export const APP_NAMES = Object.keys(APP_ENV_SCHEMAS) as AppName[];

export function isAppName(name: string): name is AppName {
  return Object.hasOwn(APP_ENV_SCHEMAS, name);
}

export type DependencyCondition =
  'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeHealthcheck {
  test: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

export interface ComposeService {
  name: string;
  image?: string;
  build?: { context: string };
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  dependsOn: Record<string, DependencyCondition>;
  /** Published ports as written, e.g. `3000:3000`. */
  ports: string[];
  expose: string[];
  volumes: string[];
  healthcheck?: ComposeHealthcheck;
  containerName?: string;
  stopGracePeriod?: string;
  restart?: string;
  init?: boolean;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: string[];
}

const stringList = z.union([z.string().transform((value) => [value]), z.array(z.string())]);
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const rawService = z.looseObject({
  image: z.string().optional(),
  build: z
    .union([z.string().transform((context) => ({ context })), z.object({ context: z.string() })])
    .optional(),
  command: stringList.optional(),
  entrypoint: stringList.optional(),
  environment: z
    .union([
      z.record(z.string(), scalar.nullable()),
      z.array(z.string()).transform((entries) =>
        Object.fromEntries(
          entries.map((entry) => {
            const at = entry.indexOf('=');
            return at < 0 ? [entry, null] : [entry.slice(0, at), entry.slice(at + 1)];
          }),
        ),
      ),
    ])
    .optional(),
  depends_on: z
    .union([
      z.array(z.string()),
      z.record(
        z.string(),
        z.object({
          condition: z
            .enum(['service_started', 'service_healthy', 'service_completed_successfully'])
            .default('service_started'),
        }),
      ),
    ])
    .optional(),
  ports: z.array(scalar).optional(),
  expose: z.array(scalar).optional(),
  volumes: z.array(z.string()).optional(),
  healthcheck: z
    .object({
      test: stringList,
      interval: z.string().optional(),
      timeout: z.string().optional(),
      retries: z.number().optional(),
      start_period: z.string().optional(),
    })
    .optional(),
  container_name: z.string().optional(),
  stop_grace_period: z.string().optional(),
  restart: z.string().optional(),
  init: z.boolean().optional(),
});

const rawCompose = z.looseObject({
  services: z.record(z.string(), rawService),
  volumes: z.record(z.string(), z.unknown().nullable()).optional(),
});

/**
 * Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, and `$$` for a
 * literal `$`. Variables resolve from `env` only.
 */
export function interpolate(text: string, env: Record<string, string> = {}): string {
  return text.replace(
    /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_match, dollar, braced, operator, fallback, bare) => {
      if (dollar !== undefined) return '$';
      const name = (braced ?? bare) as string;
      const value = env[name];
      if (operator === ':-') return value !== undefined && value !== '' ? value : String(fallback);
      if (operator === '-') return value ?? String(fallback);
      return value ?? '';
    },
  );
}

function interpolateAll(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)]),
    );
  }
  return value;
}

export function readComposeFile(
  path = `${REPO_ROOT}docker-compose.yml`,
  env: Record<string, string> = {},
): ComposeFile {
  const parsed = rawCompose.parse(interpolateAll(load(readFileSync(path, 'utf8')), env));
  const services = Object.fromEntries(
    Object.entries(parsed.services).map(([name, raw]): [string, ComposeService] => {
      const dependsOn: Record<string, DependencyCondition> = Array.isArray(raw.depends_on)
        ? Object.fromEntries(raw.depends_on.map((dependency) => [dependency, 'service_started']))
        : Object.fromEntries(
            Object.entries(raw.depends_on ?? {}).map(([dependency, { condition }]) => [
              dependency,
              condition,
            ]),
          );
      const environment = Object.fromEntries(
        Object.entries(raw.environment ?? {}).filter(
          (entry): entry is [string, string] => entry[1] !== null,
        ),
      );
      const service: ComposeService = {
        name,
        environment,
        dependsOn,
        ports: raw.ports ?? [],
        expose: raw.expose ?? [],
        volumes: raw.volumes ?? [],
        ...(raw.image !== undefined ? { image: raw.image } : {}),
        ...(raw.build !== undefined ? { build: raw.build } : {}),
        ...(raw.command !== undefined ? { command: raw.command } : {}),
        ...(raw.entrypoint !== undefined ? { entrypoint: raw.entrypoint } : {}),
        ...(raw.healthcheck !== undefined ? { healthcheck: raw.healthcheck } : {}),
        ...(raw.container_name !== undefined ? { containerName: raw.container_name } : {}),
        ...(raw.stop_grace_period !== undefined ? { stopGracePeriod: raw.stop_grace_period } : {}),
        ...(raw.restart !== undefined ? { restart: raw.restart } : {}),
        ...(raw.init !== undefined ? { init: raw.init } : {}),
      };
      return [name, service];
    }),
  );
  return { services, volumes: Object.keys(parsed.volumes ?? {}) };
}

/** The container side of `ports` (`3000:3000`, `127.0.0.1:80:8080`, `9000`) and `expose`. */
export function containerPorts(service: ComposeService): number[] {
  const published = service.ports.map((entry) => {
    const withoutProtocol = entry.split('/')[0] ?? entry;
    return Number(withoutProtocol.split(':').at(-1));
  });
  return [...published, ...service.expose.map((entry) => Number(entry.split('/')[0]))];
}

/** The host side of `ports`, for the ports reachable from the machine running compose. */
export function hostPorts(service: ComposeService): number[] {
  return service.ports
    .map((entry) => (entry.split('/')[0] ?? entry).split(':'))
    .filter((parts) => parts.length > 1)
    .map((parts) => Number(parts.at(-2)));
}

/** The services built from the Dockerfile: the application's processes. */
export function appServices(compose: ComposeFile): ComposeService[] {
  return Object.values(compose.services).filter((service) => service.build !== undefined);
}

/**
 * A service's value of each variable its app reads: the compose value, else the schema's
 * default (as the string the variable would hold).
 */
export function effectiveEnv(app: AppName, service: ComposeService): Record<string, string> {
  const schema = APP_ENV_SCHEMAS[app];
  const values: Record<string, string> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    const set = service.environment[name];
    if (set !== undefined && set !== '') {
      values[name] = set;
      continue;
    }
    const fallback = (field as z.ZodType).safeParse(undefined);
    const value: unknown = fallback.success ? fallback.data : undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      values[name] = String(value);
    }
  }
  return values;
}

/**
 * Variables holding where another process is: TEMPORAL_ADDRESS and KAFKA_BOOTSTRAP_SERVERS
 * (host:port; compose names one broker) and every *_URL.
 */
export function isAddressVariable(name: string): boolean {
  return name === 'TEMPORAL_ADDRESS' || name === 'KAFKA_BOOTSTRAP_SERVERS' || name.endsWith('_URL');
}

const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'postgres:': 5432,
  'postgresql:': 5432,
};

export interface Endpoint {
  host: string;
  port: number;
}

/** host and port of a `host:port` address or a URL. */
export function endpointOf(value: string): Endpoint {
  if (!value.includes('://')) {
    const at = value.lastIndexOf(':');
    return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
  }
  const url = new URL(value);
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (port === undefined) throw new Error(`No default port for ${url.protocol} in ${value}`);
  return { host: url.hostname, port };
}

/** `30s`, `1m30s`, `500ms` → milliseconds, as compose reads durations. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new Error(`Not a compose duration: ${text}`);
  }
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * (units[unit ?? ''] ?? 0),
    0,
  );
}

/** Where a container path of a bind mount comes from on the host, if it is mounted. */
export function hostPathOf(service: ComposeService, containerPath: string): string | undefined {
  for (const volume of service.volumes) {
    const [source, target] = volume.split(':');
    if (source === undefined || target === undefined || !source.startsWith('.')) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return `${REPO_ROOT}${source.replace(/^\.\//, '')}${containerPath.slice(target.length)}`;
    }
  }
  return undefined;
}
