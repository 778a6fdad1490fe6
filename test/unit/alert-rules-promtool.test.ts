import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import {
  PROMTOOL_MODULE_VERSION,
  promtoolCacheDir,
  resolvePromtool,
} from '../../lib/promtool/index.js';

let root: string;
const silent = (): void => undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'promtool-test-'));
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

describe('resolvePromtool', () => {
  it('caches promtool per module version under the shared cache folder', () => {
    expect(promtoolCacheDir(environment())).toBe(
      join(root, 'cache', 'promtool', PROMTOOL_MODULE_VERSION),
    );
  });

  it('prefers PROMTOOL_PATH over PATH and the cache', async () => {
    const explicit = await fakeExecutable(join(root, 'explicit', 'promtool'));
    await fakeExecutable(join(root, 'bin', 'promtool'));
    await fakeExecutable(join(promtoolCacheDir(environment()), 'promtool'));
    const env = environment({ PROMTOOL_PATH: explicit, PATH: join(root, 'bin') });

    await expect(resolvePromtool({ env, build: false, log: silent })).resolves.toEqual({
      path: explicit,
      source: 'env',
    });
  });

  it('fails when PROMTOOL_PATH is not an executable file', async () => {
    const notExecutable = await fakeExecutable(join(root, 'promtool'), 0o644);
    const env = environment({ PROMTOOL_PATH: notExecutable });

    await expect(resolvePromtool({ env, log: silent })).rejects.toThrow(
      `PROMTOOL_PATH is set to ${notExecutable}, which is not an executable file.`,
    );
  });

  it('takes promtool from PATH before the cache', async () => {
    const onPath = await fakeExecutable(join(root, 'bin', 'promtool'));
    await fakeExecutable(join(promtoolCacheDir(environment()), 'promtool'));
    const env = environment({ PATH: join(root, 'bin') });

    await expect(resolvePromtool({ env, build: false, log: silent })).resolves.toEqual({
      path: onPath,
      source: 'path',
    });
  });

  it('finds a cached build', async () => {
    const env = environment();
    const cached = await fakeExecutable(join(promtoolCacheDir(env), 'promtool'));

    await expect(resolvePromtool({ env, build: false, log: silent })).resolves.toEqual({
      path: cached,
      source: 'cache',
    });
  });

  it('builds nothing and says why when Go is missing', async () => {
    const lines: string[] = [];
    const env = environment();

    await expect(resolvePromtool({ env, log: (line) => lines.push(line) })).resolves.toBe(
      undefined,
    );
    expect(lines.join('\n')).toContain('Go is not installed');
  });

  it('runs go install for the pinned module into the cache and reports the build', async () => {
    // A stand-in `go` (a Node.js script) that records its arguments and writes promtool into GOBIN.
    const env = environment({ PATH: join(root, 'go-bin') });
    await mkdir(join(root, 'go-bin'), { recursive: true });
    await writeFile(
      join(root, 'go-bin', 'go'),
      [
        `#!${process.execPath}`,
        "const { writeFileSync } = require('node:fs');",
        `writeFileSync(${JSON.stringify(join(root, 'go-args'))}, process.argv.slice(2).join(' '));`,
        "writeFileSync(`${process.env.GOBIN}/promtool`, '#!/bin/sh\\n', { mode: 0o755 });",
        '',
      ].join('\n'),
      { mode: 0o755 },
    );

    const resolved = await resolvePromtool({ env, log: silent });

    expect(resolved).toEqual({ path: join(promtoolCacheDir(env), 'promtool'), source: 'built' });
    expect(await readFile(join(root, 'go-args'), 'utf8')).toBe(
      'install -ldflags=-s -w -X github.com/prometheus/common/version.Version=3.16.0 ' +
        `github.com/prometheus/prometheus/cmd/promtool@v${PROMTOOL_MODULE_VERSION}`,
    );
  });
});
