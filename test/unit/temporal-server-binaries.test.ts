import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  resolveTemporalServer,
  TEMPORAL_SERVER_VERSION,
  temporalServerCacheDir,
} from '../../lib/temporal-server-binaries/index.js';

let root: string;
const silent = (): void => undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'temporal-server-binaries-test-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An environment that sees only the temp folders, never the machine's PATH or cache. */
function environment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: join(root, 'empty-bin'), CHECKOUT_SAGA_CACHE_DIR: join(root, 'cache'), ...extra };
}

/** A folder laid out as a cache entry: both binaries and the PostgreSQL schema. */
async function fakeEntry(dir: string, { withSchema = true } = {}): Promise<string> {
  await mkdir(join(dir, 'bin'), { recursive: true });
  for (const name of ['temporal-server', 'temporal-sql-tool']) {
    await writeFile(join(dir, 'bin', name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  }
  if (withSchema) {
    for (const kind of ['temporal', 'visibility']) {
      await mkdir(join(dir, 'schema', 'postgresql', 'v12', kind, 'versioned'), { recursive: true });
    }
  }
  return dir;
}

describe('resolveTemporalServer', () => {
  it('uses a complete cache entry of the pinned version', async () => {
    const env = environment();
    const dir = await fakeEntry(temporalServerCacheDir(TEMPORAL_SERVER_VERSION, env));

    await expect(resolveTemporalServer({ env, build: false, log: silent })).resolves.toEqual({
      dir,
      binDir: join(dir, 'bin'),
      server: join(dir, 'bin', 'temporal-server'),
      sqlTool: join(dir, 'bin', 'temporal-sql-tool'),
      postgresSchemaDir: join(dir, 'schema', 'postgresql', 'v12'),
      version: TEMPORAL_SERVER_VERSION,
      source: 'cache',
    });
  });

  it('prefers TEMPORAL_SERVER_DIR over the cache', async () => {
    const explicit = await fakeEntry(join(root, 'explicit'));
    const env = environment({ TEMPORAL_SERVER_DIR: explicit });
    await fakeEntry(temporalServerCacheDir(TEMPORAL_SERVER_VERSION, env));

    const resolved = await resolveTemporalServer({ env, build: false, log: silent });
    expect(resolved).toEqual(expect.objectContaining({ dir: explicit, source: 'env' }));
  });

  it('refuses a TEMPORAL_SERVER_DIR without the schema, naming what is missing', async () => {
    const broken = await fakeEntry(join(root, 'broken'), { withSchema: false });
    const env = environment({ TEMPORAL_SERVER_DIR: broken });

    await expect(resolveTemporalServer({ env, log: silent })).rejects.toThrow(
      /TEMPORAL_SERVER_DIR is set to .*broken, which lacks .*schema\/postgresql\/v12/,
    );
  });

  it('treats an incomplete cache entry as missing', async () => {
    const env = environment();
    await fakeEntry(temporalServerCacheDir(TEMPORAL_SERVER_VERSION, env), { withSchema: false });

    await expect(
      resolveTemporalServer({ env, build: false, log: silent }),
    ).resolves.toBeUndefined();
  });

  it('reports that Go is missing instead of failing', async () => {
    const lines: string[] = [];
    const resolved = await resolveTemporalServer({
      env: environment(),
      log: (line) => lines.push(line),
    });
    expect(resolved).toBeUndefined();
    expect(lines.join('\n')).toContain('Go is not installed');
  });
});
