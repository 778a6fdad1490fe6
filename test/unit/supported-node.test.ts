// scripts/with-supported-node.sh: npm start and npm test run on a Node.js that package.json's
// engines accepts, the machine's own or the LTS of scripts/ci/node-lts.sh, which is also the
// image's Node.js.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

const ROOT = new URL('../../', import.meta.url).pathname;
const WRAPPER = join(ROOT, 'scripts/with-supported-node.sh');
const run = promisify(execFile);

const readText = (path: string) => readFile(join(ROOT, path), 'utf8');

describe('the supported Node.js', () => {
  let fakeBin: string;

  beforeAll(async () => {
    // The LTS in the cache first, installed by the real node and npm when missing.
    await run('bash', [join(ROOT, 'scripts/ci/node-lts.sh')], { timeout: 300_000 });
    // A `node` older than engines: it answers the version check as Node.js 20 would.
    fakeBin = await mkdtemp(join(tmpdir(), 'old-node-'));
    await writeFile(
      join(fakeBin, 'node'),
      '#!/bin/sh\nif [ "$1" = --version ]; then echo v20.20.2; exit 0; fi\nexit 1\n',
    );
    await chmod(join(fakeBin, 'node'), 0o755);
  }, 310_000);

  afterAll(async () => {
    await rm(fakeBin, { recursive: true, force: true });
  });

  it('keeps the LTS of node-lts.sh, the image and engines in step', async () => {
    const engines = (JSON.parse(await readText('package.json')) as { engines: { node: string } })
      .engines.node;
    const lts = /NODE_LTS_VERSION:-(\d+\.\d+\.\d+)/.exec(await readText('scripts/ci/node-lts.sh'));
    const image = /ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-/.exec(await readText('Dockerfile'));

    expect(engines).toMatch(/^>=22\.\d+\.\d+$/);
    expect(image?.[1]).toBe(lts?.[1]);
  });

  it('runs the command on the machine’s node when engines accepts it', async () => {
    const { stdout, stderr } = await run('bash', [WRAPPER, 'node', '-p', 'process.version'], {
      env: { ...process.env },
    });

    expect(stdout.trim()).toBe(process.version);
    expect(stderr).toBe('');
  });

  it('runs it on the LTS from the npm registry when the machine’s node is older', async () => {
    const { stdout, stderr } = await run('bash', [WRAPPER, 'node', '-p', 'process.versions.node'], {
      env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH ?? ''}` },
      timeout: 300_000,
    });

    const lts = /NODE_LTS_VERSION:-(\d+\.\d+\.\d+)/.exec(
      await readText('scripts/ci/node-lts.sh'),
    )?.[1];
    expect(stdout.trim()).toBe(lts);
    expect(stderr).toContain('node v20.20.2 is older than package.json');
  }, 310_000);

  it('says how to call it', async () => {
    await expect(run('bash', [WRAPPER])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage: bash scripts/with-supported-node.sh') as unknown,
    });
  });
});
