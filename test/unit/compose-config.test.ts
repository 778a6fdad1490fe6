// docker-compose.yml as Compose itself reads it. No Docker engine is needed for `config`, only the
// Compose CLI: Debian's docker-compose package (which .ci/run installs) or the `docker compose`
// plugin. Neither present is a failure, never a skip: this is the only check of the file's
// syntax and schema that does not come from this project's own reading of it.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { readComposeFile, REPO_ROOT } from '../support/production-compose.js';

const run = promisify(execFile);

interface ComposeCli {
  command: string;
  prefix: string[];
}

async function findComposeCli(): Promise<ComposeCli> {
  const candidates: ComposeCli[] = [
    { command: 'docker-compose', prefix: [] },
    { command: 'docker', prefix: ['compose'] },
  ];
  for (const candidate of candidates) {
    try {
      await run(candidate.command, [...candidate.prefix, 'version'], { timeout: 30_000 });
      return candidate;
    } catch {
      // not installed, or `docker` without the compose plugin: try the next
    }
  }
  throw new Error(
    'Neither docker-compose nor the `docker compose` plugin is installed, so docker-compose.yml ' +
      'cannot be validated. Install it with `sudo apt-get install docker-compose` (.ci/run does).',
  );
}

/** Looked up once, at the first call. */
let composeCli: Promise<ComposeCli> | undefined;

async function compose(
  args: string[],
  options: { files?: string[]; env?: Record<string, string> } = {},
): Promise<{ stdout: string; stderr: string }> {
  const cli = await (composeCli ??= findComposeCli());
  const files = ['docker-compose.yml', ...(options.files ?? [])].flatMap((file) => [
    '--file',
    file,
  ]);
  try {
    return await run(cli.command, [...cli.prefix, ...files, ...args], {
      cwd: REPO_ROOT,
      timeout: 60_000,
      // Only the file's own defaults: a developer's POSTGRES_PASSWORD must not change the result.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${cli.command} ${[...cli.prefix, ...args].join(' ')} failed:\n${stderr}`, {
      cause: error,
    });
  }
}

describe('docker-compose.yml', () => {
  it('passes `docker-compose config -q`', async () => {
    const { stderr } = await compose(['config', '-q']);
    // Compose's warnings (an unset variable, an obsolete key) are problems too.
    expect(stderr).not.toMatch(/WARNING:|level=warn|is not set|obsolete/i);
  });

  it('defines the services this project reads from it', async () => {
    const { stdout } = await compose(['config', '--services']);
    expect(stdout.trim().split('\n').sort()).toEqual(
      Object.keys(readComposeFile().services).sort(),
    );
  });

  it('merges with the Temporal Cloud override that docs/deployment.md shows', async () => {
    const docs = await readFile(join(REPO_ROOT, 'docs/deployment.md'), 'utf8');
    const block =
      /<!-- cloud-override:start -->\s*```yaml\n([^]*?)```\s*<!-- cloud-override:end -->/.exec(
        docs,
      )?.[1];
    expect(block).toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'checkout-saga-compose-'));
    try {
      const override = join(dir, 'compose.cloud.yaml');
      await writeFile(override, block ?? '');
      const env = {
        TEMPORAL_ADDRESS: 'example.a1b2c.tmprl.cloud:7233',
        TEMPORAL_NAMESPACE: 'example.a1b2c',
        TEMPORAL_API_KEY: 'key',
      };
      const { stdout } = await compose(['config'], { files: [override], env });
      const merged = load(stdout) as {
        services: Record<string, { environment: Record<string, string> }>;
      };
      for (const name of ['api', 'worker']) {
        expect(merged.services[name]?.environment).toEqual(
          expect.objectContaining({ ...env, TEMPORAL_TASK_QUEUE: 'checkout' }),
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
