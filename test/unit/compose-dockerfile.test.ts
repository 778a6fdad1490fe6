// The Dockerfile and .dockerignore, read as data since no Docker engine runs here. What they do
// when run is exercised natively by test/integration/production-start.test.ts.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { APP_ENV_SCHEMAS, APP_NAMES, REPO_ROOT } from '../support/production-compose.js';
import {
  cmd,
  copies,
  createDockerignore,
  exposed,
  finalStage,
  healthcheck,
  readDockerfile,
  runs,
  stage,
  stageEnv,
  user,
  workdir,
} from '../support/production-dockerfile.js';

const dockerfile = readDockerfile();
const runtime = finalStage(dockerfile);
const packageJson = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const ignored = createDockerignore(readFileSync(`${REPO_ROOT}.dockerignore`, 'utf8'));

/** Variables of the Node.js runtime itself, which no env schema lists. */
const RUNTIME_VARIABLES = ['NODE_ENV'];

function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let index = 0; index < 3; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

describe('the Dockerfile', () => {
  it('builds on a pinned glibc Node image that satisfies package.json engines', () => {
    const base = dockerfile.globalArgs.NODE_IMAGE ?? '';
    const match = /^node:(\d+\.\d+\.\d+)-(bookworm|trixie)(-slim)?$/.exec(base);
    expect(match).not.toBeNull();
    const minimum = /^>=\s*(\d+\.\d+\.\d+)$/.exec(packageJson.engines.node)?.[1];
    expect(versionAtLeast(match?.[1] ?? '0', minimum ?? '99')).toBe(true);
    const names = dockerfile.stages.map((each) => each.name);
    for (const [index, each] of dockerfile.stages.entries()) {
      expect([base, ...names.slice(0, index)]).toContain(each.from);
    }
  });

  it('builds with every dependency and ships only the production ones', () => {
    const build = stage(dockerfile, 'build');
    const prodDeps = stage(dockerfile, 'prod-deps');
    expect(runs(build).some((command) => /^npm ci\b(?!.*--omit=dev)/.test(command))).toBe(true);
    expect(runs(build)).toContain('npm run build');
    expect(runs(prodDeps).some((command) => /^npm ci\b.*--omit=dev/.test(command))).toBe(true);
    const copied = copies(runtime);
    expect(copied.find((each) => each.sources.includes('/app/node_modules'))?.from).toBe(
      'prod-deps',
    );
    expect(copied.find((each) => each.sources.includes('/app/dist'))?.from).toBe('build');
    // package.json carries "type": "module", without which Node would not load dist/ as ESM.
    expect(
      copied.some((each) => each.from === undefined && each.sources.includes('package.json')),
    ).toBe(true);
  });

  it('copies into the build every folder that `npm run build` compiles', () => {
    const swcSources = /swc ([^-&]+) -d dist/.exec(packageJson.scripts.build ?? '')?.[1];
    const folders = (swcSources ?? '').trim().split(/\s+/);
    expect(folders.length).toBeGreaterThan(0);
    const copied = copies(stage(dockerfile, 'build')).flatMap((each) => each.sources);
    expect(folders.filter((folder) => !copied.includes(folder))).toEqual([]);
  });

  it('runs the processes as an unprivileged user with the prebuilt workflow bundle', () => {
    expect(user(dockerfile, runtime)).toBeDefined();
    expect(user(dockerfile, runtime)).not.toMatch(/^(root|0)(:.*)?$/);
    const env = stageEnv(dockerfile, runtime);
    expect(env.WORKFLOW_BUNDLE_PATH).toBe(
      `${workdir(dockerfile, runtime)}/dist/workflow-bundle.js`,
    );
    expect(env.NODE_ENV).toBe('production');
    const known = new Set([
      ...RUNTIME_VARIABLES,
      ...Object.values(APP_ENV_SCHEMAS).flatMap((schema) => Object.keys(schema.shape)),
    ]);
    expect(Object.keys(env).filter((name) => !known.has(name))).toEqual([]);
  });

  it('starts node itself, the api by default, and checks /health on the process’s PORT', () => {
    expect(cmd(dockerfile, runtime)).toEqual(['node', 'dist/apps/api/main.js']);
    const check = healthcheck(dockerfile, runtime);
    expect(check?.command.slice(0, 2)).toEqual(['node', '-e']);
    expect(check?.command[2]).toContain('process.env.PORT');
    expect(check?.command[2]).toContain('/health');
    const defaultPorts = APP_NAMES.flatMap((name) => {
      const field = (APP_ENV_SCHEMAS[name].shape as Record<string, { parse(v: unknown): unknown }>)
        .PORT;
      return field ? [Number(field.parse(undefined))] : [];
    });
    expect(exposed(dockerfile, runtime)).toEqual(expect.arrayContaining([...defaultPorts, 9464]));
  });
});

describe('.dockerignore', () => {
  it('lets through every source the Dockerfile copies from the build context', () => {
    for (const each of dockerfile.stages.flatMap(copies)) {
      if (each.from !== undefined) continue;
      for (const source of each.sources) {
        expect({
          source,
          exists: existsSync(`${REPO_ROOT}${source}`),
          ignored: ignored(source),
        }).toEqual({ source, exists: true, ignored: false });
      }
    }
  });

  it('keeps installed and built output, local data and secrets out of the context', () => {
    for (const path of [
      'node_modules',
      'node_modules/pg/package.json',
      'dist/apps/api/main.js',
      'apps/api/node_modules/x',
      '.git/HEAD',
      '.env',
      '.data/postgres/PG_VERSION',
      'coverage/index.html',
      'test/unit/compose-dockerfile.test.ts',
      'README.md',
    ]) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    }
    for (const path of ['apps/api/main.ts', 'lib/participant/migrations/x.sql', '.swcrc']) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: false });
    }
  });
});
