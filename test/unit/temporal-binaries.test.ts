import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { buildCacheEntry } from '../../lib/temporal-binaries/cache-entry.js';
import {
  cacheRoot,
  resolveTemporalCli,
  resolveTestServer,
  TEMPORAL_CLI_VERSION,
  TEST_SERVER_VERSION,
  toSdkExecutable,
} from '../../lib/temporal-binaries/index.js';

let root: string;
const silent = (): void => undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'temporal-binaries-test-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fakeExecutable(path: string, mode = 0o755): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\nexit 0\n', { mode });
  return path;
}

/** An environment that sees only the temp folders, never the machine's PATH or cache. */
function environment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: join(root, 'empty-bin'), CHECKOUT_SAGA_CACHE_DIR: join(root, 'cache'), ...extra };
}

const cachedCli = (): string =>
  join(root, 'cache', 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
const cachedTestServerDir = (): string =>
  join(root, 'cache', 'temporal-test-server', TEST_SERVER_VERSION);

async function fakeCachedTestServer(): Promise<string> {
  const dir = cachedTestServerDir();
  const jar = `temporal-test-server-${TEST_SERVER_VERSION}.jar`;
  await mkdir(join(dir, 'lib'), { recursive: true });
  await writeFile(join(dir, 'lib', jar), 'jar');
  await writeFile(join(dir, 'jars.txt'), `${jar}\n`);
  return fakeExecutable(join(dir, 'temporal-test-server'));
}

describe('resolveTemporalCli', () => {
  it('prefers TEMPORAL_CLI_PATH over PATH and the cache', async () => {
    const explicit = await fakeExecutable(join(root, 'explicit', 'temporal'));
    await fakeExecutable(join(root, 'bin', 'temporal'));
    await fakeExecutable(cachedCli());
    const env = environment({ TEMPORAL_CLI_PATH: explicit, PATH: join(root, 'bin') });

    await expect(resolveTemporalCli({ env, build: false })).resolves.toEqual({
      path: explicit,
      source: 'env',
    });
  });

  it('rejects a TEMPORAL_CLI_PATH that is not executable instead of falling through', async () => {
    const env = environment({ TEMPORAL_CLI_PATH: join(root, 'missing', 'temporal') });

    await expect(resolveTemporalCli({ env, build: false })).rejects.toThrow(
      /TEMPORAL_CLI_PATH is set to .* which is not an executable file/,
    );
  });

  it('takes `temporal` on PATH before the cache', async () => {
    const onPath = await fakeExecutable(join(root, 'bin', 'temporal'));
    await fakeExecutable(cachedCli());
    const env = environment({ PATH: `${join(root, 'no-such-dir')}:${join(root, 'bin')}` });

    await expect(resolveTemporalCli({ env, build: false })).resolves.toEqual({
      path: onPath,
      source: 'path',
    });
  });

  it('uses the cache when nothing else is configured', async () => {
    await fakeExecutable(cachedCli());

    await expect(resolveTemporalCli({ env: environment(), build: false })).resolves.toEqual({
      path: cachedCli(),
      source: 'cache',
    });
  });

  it.each([
    ['not executable', (path: string) => chmod(path, 0o644)],
    ['empty', (path: string) => writeFile(path, '')],
  ])('does not trust a cached CLI that is %s', async (_problem, damage) => {
    await damage(await fakeExecutable(cachedCli()));

    await expect(resolveTemporalCli({ env: environment(), build: false })).resolves.toBeUndefined();
  });

  it('reports that the SDK must download the CLI when Go is missing', async () => {
    const lines: string[] = [];

    const resolved = await resolveTemporalCli({
      env: environment(),
      log: (line) => lines.push(line),
    });

    expect(resolved).toBeUndefined();
    expect(lines.join(' ')).toMatch(/Go is not installed/);
  });
});

describe('resolveTestServer', () => {
  it('prefers TEMPORAL_TEST_SERVER_PATH over the cache', async () => {
    const explicit = await fakeExecutable(join(root, 'explicit', 'test-server'));
    await fakeCachedTestServer();
    const env = environment({ TEMPORAL_TEST_SERVER_PATH: explicit });

    await expect(resolveTestServer({ env, build: false })).resolves.toEqual({
      path: explicit,
      source: 'env',
    });
  });

  it('uses a complete cache entry', async () => {
    const wrapper = await fakeCachedTestServer();

    await expect(resolveTestServer({ env: environment(), build: false })).resolves.toEqual({
      path: wrapper,
      source: 'cache',
    });
  });

  it('does not trust a cache entry with a missing jar', async () => {
    await fakeCachedTestServer();
    await rm(join(cachedTestServerDir(), 'lib'), { recursive: true });

    await expect(resolveTestServer({ env: environment(), build: false })).resolves.toBeUndefined();
  });

  it('reports that the SDK must download it when Maven or Java is missing', async () => {
    const resolved = await resolveTestServer({ env: environment(), log: silent });

    expect(resolved).toBeUndefined();
  });
});

describe('cacheRoot', () => {
  it('honours CHECKOUT_SAGA_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    expect(cacheRoot({ CHECKOUT_SAGA_CACHE_DIR: '/srv/cache', XDG_CACHE_HOME: '/xdg' })).toBe(
      '/srv/cache',
    );
    expect(cacheRoot({ XDG_CACHE_HOME: '/xdg', HOME: '/home/ada' })).toBe('/xdg/checkout-saga');
    expect(cacheRoot({ XDG_CACHE_HOME: '', HOME: '/home/ada' })).toBe(
      '/home/ada/.cache/checkout-saga',
    );
  });
});

describe('toSdkExecutable', () => {
  it('hands a resolved binary to the SDK and otherwise lets it download', () => {
    expect(toSdkExecutable({ path: '/opt/temporal', source: 'cache' })).toEqual({
      type: 'existing-path',
      path: '/opt/temporal',
    });
    expect(toSdkExecutable(undefined)).toEqual({ type: 'cached-download' });
  });
});

describe('buildCacheEntry', () => {
  const isValid = async (dir: string): Promise<boolean> => {
    try {
      return (await readFile(join(dir, 'artifact'), 'utf8')) === 'complete';
    } catch {
      return false;
    }
  };
  const slowBuild = async (dir: string): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writeFile(join(dir, 'artifact'), 'complete');
  };

  it('lets two racing builds end with one complete entry and no leftovers', async () => {
    const entry = join(root, 'cache', 'tool', '1.0.0');

    await Promise.all([
      buildCacheEntry(entry, slowBuild, isValid),
      buildCacheEntry(entry, slowBuild, isValid),
    ]);

    expect(await isValid(entry)).toBe(true);
    expect(await readdir(join(root, 'cache', 'tool'))).toEqual(['1.0.0']);
  });

  it('replaces a broken entry', async () => {
    const entry = join(root, 'cache', 'tool', '1.0.0');
    await mkdir(entry, { recursive: true });
    await writeFile(join(entry, 'artifact'), 'half');

    await buildCacheEntry(entry, slowBuild, isValid);

    expect(await isValid(entry)).toBe(true);
  });

  it('leaves nothing behind when the build fails', async () => {
    const entry = join(root, 'cache', 'tool', '1.0.0');

    await expect(
      buildCacheEntry(entry, () => Promise.reject(new Error('compiler exploded')), isValid),
    ).rejects.toThrow('compiler exploded');

    expect(await readdir(join(root, 'cache', 'tool'))).toEqual([]);
  });
});
