// The application image's file system, assembled natively by following the Dockerfile, for the
// test that starts the production processes without a Docker engine:
//   build stage     the COPY sources into a fresh folder, then its RUN commands; `npm ci` there is
//                   the one step replaced, by a link to this checkout's node_modules (the same
//                   lockfile, already installed with the dev dependencies);
//   prod-deps stage package.json and package-lock.json, then its RUN commands as written: the
//                   production-only `npm ci` against the registry and the pruning;
//   runtime stage   its COPY instructions, from those two folders and the build context.
// The runtime stage's own RUN (removing npm from the base image) has no native counterpart.
import { execFile } from 'node:child_process';
import { cp, lstat, mkdir, readdir, symlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './production-compose.js';
import {
  copies,
  finalStage,
  readDockerfile,
  runs,
  stage,
  stageEnv,
  workdir,
  type Dockerfile,
  type Stage,
} from './production-dockerfile.js';

const run = promisify(execFile);

export interface AssembledImage {
  /** The runtime stage's WORKDIR, here. */
  root: string;
  /** The runtime stage's ENV, with paths under its WORKDIR moved to `root`. */
  env: Record<string, string>;
  /** Bytes of the production node_modules after each RUN of the prod-deps stage. */
  footprint: { step: string; bytes: number }[];
  /** Seconds each part took. */
  timings: Record<string, number>;
}

async function shell(command: string, cwd: string): Promise<void> {
  try {
    await run('sh', ['-c', command], { cwd, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`\`${command}\` failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/** Copies the stage's build-context COPY sources (COPY --from is handled by the runtime step). */
async function copyContext(file: Dockerfile, of: Stage, into: string): Promise<void> {
  const base = workdir(file, of);
  for (const copy of copies(of)) {
    if (copy.from !== undefined) continue;
    for (const source of copy.sources) {
      const target = resolveDestination(base, copy.destination, source, copy.sources.length);
      await cp(join(REPO_ROOT, source), join(into, posix.relative(base, target)), {
        recursive: true,
      });
    }
  }
}

/** Where COPY puts `source`: into a directory destination (`./`, `x/`) or onto a file name. */
function resolveDestination(base: string, destination: string, source: string, count: number) {
  const absolute = posix.resolve(base, destination);
  const intoDirectory = destination.endsWith('/') || destination === '.' || count > 1;
  return intoDirectory ? posix.join(absolute, posix.basename(source)) : absolute;
}

export async function directorySize(path: string): Promise<number> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path)) total += await directorySize(join(path, entry));
  return total;
}

export async function assembleImage(workspace: string): Promise<AssembledImage> {
  const file = readDockerfile();
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[label] = Math.round((performance.now() - started) / 100) / 10;
    }
  };

  const build = stage(file, 'build');
  const buildDir = join(workspace, 'build');
  const prodDeps = stage(file, 'prod-deps');
  const prodDepsDir = join(workspace, 'prod-deps');
  const stageDirs: Record<string, string> = { build: buildDir, 'prod-deps': prodDepsDir };
  await timed('build', async () => {
    const dir = buildDir;
    await mkdir(dir, { recursive: true });
    await copyContext(file, build, dir);
    for (const command of runs(build)) {
      if (/^npm ci\b/.test(command)) {
        await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      } else {
        await shell(command, dir);
      }
    }
  });

  const footprint: AssembledImage['footprint'] = [];
  await timed('prod-deps', async () => {
    const dir = prodDepsDir;
    await mkdir(dir, { recursive: true });
    await copyContext(file, prodDeps, dir);
    for (const command of runs(prodDeps)) {
      await shell(command, dir);
      footprint.push({ step: command, bytes: await directorySize(join(dir, 'node_modules')) });
    }
  });

  const runtime = finalStage(file);
  const base = workdir(file, runtime);
  const root = join(workspace, 'app');
  await timed('runtime', async () => {
    await mkdir(root, { recursive: true });
    for (const copy of copies(runtime)) {
      for (const source of copy.sources) {
        const target = resolveDestination(base, copy.destination, source, copy.sources.length);
        const from =
          copy.from === undefined
            ? join(REPO_ROOT, source)
            : join(
                stageDirs[copy.from] ?? '',
                posix.relative(workdir(file, stage(file, copy.from)), source),
              );
        if (copy.from !== undefined && stageDirs[copy.from] === undefined) {
          throw new Error(`COPY --from=${copy.from} names a stage assembled nowhere here`);
        }
        await cp(from, join(root, posix.relative(base, target)), { recursive: true });
      }
    }
  });

  const env = Object.fromEntries(
    Object.entries(stageEnv(file, runtime)).map(([name, value]) => [
      name,
      value === base || value.startsWith(`${base}/`) ? join(root, value.slice(base.length)) : value,
    ]),
  );
  return { root, env, footprint, timings };
}
