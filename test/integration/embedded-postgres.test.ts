import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';

import {
  findFreePort,
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningPostgres,
} from '../../lib/embedded-postgres/index.js';
import { OWNER_FILE } from '../../lib/embedded-postgres/leftover-server.js';

let dir: string;
let dataDir: string;
const running: RunningPostgres[] = [];
const notices: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'embedded-postgres-test-'));
  await chmod(dir, 0o755); // as root, PostgreSQL runs as the postgres user
  dataDir = join(dir, 'data');
  notices.length = 0;
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function start(options: Partial<EmbeddedPostgresOptions> = {}): Promise<RunningPostgres> {
  const server = await startEmbeddedPostgres({
    dataDir,
    durable: false,
    log: (line) => notices.push(line),
    ...options,
  });
  running.push(server);
  return server;
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function postmasterPid(): Promise<number> {
  return Number.parseInt(await readFile(join(dataDir, 'postmaster.pid'), 'utf8'), 10);
}

/** The PID of a process that has exited. */
function deadPid(): number {
  return spawnSync('true').pid;
}

async function waitUntilGone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('startEmbeddedPostgres', () => {
  it('creates the databases, serves queries and keeps the data across a restart', async () => {
    const first = await start({ databases: ['alpha', 'beta'] });

    expect(first.serverUrl).toBe(`postgres://postgres:postgres@127.0.0.1:${first.port}`);
    expect(first.databaseUrls).toEqual({
      alpha: `${first.serverUrl}/alpha`,
      beta: `${first.serverUrl}/beta`,
    });
    await query(first.databaseUrls.alpha ?? '', 'CREATE TABLE note (text text)');
    await query(first.databaseUrl('alpha'), "INSERT INTO note VALUES ('kept ✓')");
    await first.stop();
    await first.stop();

    const second = await start({ databases: ['alpha', 'beta', 'gamma'] });

    expect(await query(second.databaseUrl('alpha'), 'SELECT text FROM note')).toEqual([
      { text: 'kept ✓' },
    ]);
    const databases = await query<{ datname: string }>(
      `${second.serverUrl}/postgres`,
      "SELECT datname FROM pg_database WHERE datname IN ('alpha', 'beta', 'gamma') ORDER BY 1",
    );
    expect(databases.map((row) => row.datname)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('explains that the port is already in use', async () => {
    const port = await findFreePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await expect(start({ port })).rejects.toThrow(
        `Cannot start PostgreSQL on 127.0.0.1:${port}: the port is already in use`,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('refuses a data folder whose server is still used by a live process', async () => {
    await start();

    await expect(start()).rejects.toThrow(/is in use by PostgreSQL \(PID \d+, port \d+\)/);
  });

  it('recovers after a crash left postmaster.pid naming a PID now used by another process', async () => {
    // Durable: with synchronous_commit off, a commit just before a crash may be lost.
    const crashed = await start({ databases: ['alpha'], durable: true });
    await query(crashed.databaseUrl('alpha'), 'CREATE TABLE survived (id int)');
    const pid = await postmasterPid();
    process.kill(pid, 'SIGKILL');
    await waitUntilGone(pid);
    const lock = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
    await writeFile(join(dataDir, 'postmaster.pid'), lock.replace(/^\d+/, String(process.pid)));

    const restarted = await start({ databases: ['alpha'], durable: true });

    expect(notices.join('\n')).toMatch(/Removed .*postmaster\.pid/);
    expect(await query(restarted.databaseUrl('alpha'), 'SELECT * FROM survived')).toEqual([]);
  });

  it('shuts down a server orphaned by a launcher that died, then starts afresh', async () => {
    const orphan = await start({ databases: ['alpha'] });
    const orphanPid = await postmasterPid();
    await writeFile(join(dataDir, OWNER_FILE), `${deadPid()}\n`);

    const fresh = await start({ databases: ['alpha'] });

    expect(notices.join('\n')).toMatch(
      `Stopping PostgreSQL (PID ${orphanPid}, port ${orphan.port})`,
    );
    expect(await postmasterPid()).not.toBe(orphanPid);
    expect(await query(fresh.databaseUrl('alpha'), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('rejects a non-empty folder that holds no cluster', async () => {
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'notes.txt'), 'not a cluster');

    await expect(start()).rejects.toThrow(/is not empty but holds no PostgreSQL cluster/);
  });
});
