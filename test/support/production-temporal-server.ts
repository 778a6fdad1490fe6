// The Temporal side of docker-compose.yml run natively: the temporal-schema job's script, the
// server with the temporal service's environment (the server reads it through its embedded config
// template, as the image's entrypoint runs it), and the temporal-setup job's script. Only host
// names, ports, credentials and database names change, from the compose network to this machine.
import { execFile } from 'node:child_process';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import {
  resolveTemporalServer,
  type TemporalServerBinaries,
} from '../../lib/temporal-server-binaries/index.js';
import { hostPathOf, REPO_ROOT, type ComposeFile } from './production-compose.js';
import { startProcess, type RunningProcess } from './production-processes.js';

const run = promisify(execFile);

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The two databases of this run, in place of compose's `temporal` and `temporal_visibility`. */
  database: string;
  visibilityDatabase: string;
}

export function postgresTarget(serverUrl: string, suffix: string): PostgresTarget {
  const url = new URL(serverUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: `temporal_${suffix}`,
    visibilityDatabase: `temporal_visibility_${suffix}`,
  };
}

/** The built binaries (global setup resolves them into TEMPORAL_SERVER_DIR); never builds here. */
export async function temporalServerBinaries(): Promise<TemporalServerBinaries> {
  const binaries = await resolveTemporalServer({ build: false });
  if (!binaries) {
    throw new Error(
      'temporal-server is not built: run `npm run temporal:binaries` (needs Go) or set TEMPORAL_SERVER_DIR.',
    );
  }
  return binaries;
}

/**
 * A folder to put first on PATH: the admin-tools image's commands the scripts call, i.e.
 * temporal-sql-tool, the `temporal` CLI, and `nc -z -w SECONDS HOST PORT` (BusyBox's in the image;
 * a bash /dev/tcp stand-in here, where no netcat is installed).
 */
export async function adminToolsPath(
  dir: string,
  binaries: TemporalServerBinaries,
  temporalCli: string,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await symlink(binaries.sqlTool, join(dir, 'temporal-sql-tool'));
  await symlink(temporalCli, join(dir, 'temporal'));
  const nc = join(dir, 'nc');
  await writeFile(
    nc,
    `#!/usr/bin/env bash
# nc -z -w SECONDS HOST PORT: exits 0 when HOST:PORT accepts a TCP connection.
[ "$1" = -z ] && [ "$2" = -w ] || { echo "nc stand-in: only -z -w SECONDS HOST PORT" >&2; exit 2; }
timeout "$3" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$4" "$5" 2>/dev/null
`,
  );
  await chmod(nc, 0o755);
  return dir;
}

function serviceEnv(compose: ComposeFile, name: string): Record<string, string> {
  const service = compose.services[name];
  if (!service) throw new Error(`docker-compose.yml has no ${name} service`);
  return service.environment;
}

export interface ScriptResult {
  stdout: string;
  stderr: string;
}

async function runScript(
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ScriptResult> {
  try {
    return await run('sh', [join(REPO_ROOT, 'temporal-config', script)], {
      env,
      timeout: timeoutMs,
      maxBuffer: 16 << 20,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as Partial<ScriptResult>;
    throw new Error(`${script} failed:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/** temporal-config/setup-schema.sh with the temporal-schema service's environment. */
export function runSetupSchema(
  compose: ComposeFile,
  target: PostgresTarget,
  binaries: TemporalServerBinaries,
  path: string,
): Promise<ScriptResult> {
  const env = {
    ...serviceEnv(compose, 'temporal-schema'),
    PATH: path,
    SQL_HOST: target.host,
    SQL_PORT: String(target.port),
    SQL_USER: target.user,
    SQL_PASSWORD: target.password,
    TEMPORAL_DATABASE: target.database,
    TEMPORAL_VISIBILITY_DATABASE: target.visibilityDatabase,
    // Where the admin-tools image has them: /etc/temporal/schema/postgresql/v12.
    SCHEMA_ROOT: binaries.postgresSchemaDir,
  };
  return runScript('setup-schema.sh', env, 5 * 60_000);
}

/** temporal-config/setup-namespace.sh with the temporal-setup service's environment. */
export function runSetupNamespace(
  compose: ComposeFile,
  address: string,
  path: string,
): Promise<ScriptResult> {
  const composeEnv = serviceEnv(compose, 'temporal-setup');
  const service = compose.services['temporal-setup'];
  const attributes =
    service && composeEnv.SEARCH_ATTRIBUTES_FILE
      ? hostPathOf(service, composeEnv.SEARCH_ATTRIBUTES_FILE)
      : undefined;
  if (attributes === undefined) throw new Error('temporal-setup mounts no SEARCH_ATTRIBUTES_FILE');
  const env = {
    ...composeEnv,
    PATH: path,
    HOME: process.env.HOME ?? '/tmp',
    TEMPORAL_ADDRESS: address,
    SEARCH_ATTRIBUTES_FILE: attributes,
  };
  return runScript('setup-namespace.sh', env, 5 * 60_000);
}

/** Every port the embedded config template opens, so that nothing collides with another test. */
const PORT_VARIABLES = [
  'FRONTEND_GRPC_PORT',
  'FRONTEND_HTTP_PORT',
  'FRONTEND_MEMBERSHIP_PORT',
  'INTERNAL_FRONTEND_GRPC_PORT',
  'INTERNAL_FRONTEND_HTTP_PORT',
  'INTERNAL_FRONTEND_MEMBERSHIP_PORT',
  'HISTORY_GRPC_PORT',
  'HISTORY_MEMBERSHIP_PORT',
  'MATCHING_GRPC_PORT',
  'MATCHING_MEMBERSHIP_PORT',
  'WORKER_GRPC_PORT',
  'WORKER_MEMBERSHIP_PORT',
] as const;

/**
 * A free port below 32768: the server records each role's membership port in a SMALLINT column
 * (cluster_membership.rpc_port), so the ephemeral ports the system hands out do not fit.
 */
async function findFreeLowPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => {
        resolve(false);
      });
      probe.listen(port, '127.0.0.1', () =>
        probe.close(() => {
          resolve(true);
        }),
      );
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

export interface StartedTemporalServer {
  process: RunningProcess;
  /** host:port of the frontend, for TEMPORAL_ADDRESS. */
  address: string;
  env: Record<string, string>;
}

/** `temporal-server start`, as the image's entrypoint runs it, with the temporal service's env. */
export async function startTemporalServer(
  compose: ComposeFile,
  target: PostgresTarget,
  binaries: TemporalServerBinaries,
): Promise<StartedTemporalServer> {
  const composeEnv = serviceEnv(compose, 'temporal');
  const service = compose.services.temporal;
  const dynamicConfig =
    service && composeEnv.DYNAMIC_CONFIG_FILE_PATH
      ? hostPathOf(service, composeEnv.DYNAMIC_CONFIG_FILE_PATH)
      : undefined;
  if (dynamicConfig === undefined) throw new Error('temporal mounts no DYNAMIC_CONFIG_FILE_PATH');
  const ports: Record<string, string> = {};
  for (const variable of PORT_VARIABLES) ports[variable] = String(await findFreeLowPort());
  const env = {
    PATH: process.env.PATH ?? '',
    ...composeEnv,
    ...ports,
    // In the container: every interface, advertising the container's address. Here: loopback.
    BIND_ON_IP: '127.0.0.1',
    POSTGRES_SEEDS: target.host,
    DB_PORT: String(target.port),
    POSTGRES_USER: target.user,
    POSTGRES_PWD: target.password,
    DBNAME: target.database,
    VISIBILITY_DBNAME: target.visibilityDatabase,
    DYNAMIC_CONFIG_FILE_PATH: dynamicConfig,
  };
  const serverProcess = startProcess('temporal-server', [binaries.server, 'start'], {
    cwd: REPO_ROOT,
    env,
  });
  return { process: serverProcess, address: `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`, env };
}
