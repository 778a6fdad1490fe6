import { join } from 'node:path';

import { cacheRoot } from '../temporal-binaries/cache-dir.js';
import { buildCacheEntry } from '../temporal-binaries/cache-entry.js';
import {
  findOnPath,
  fromEnvironmentVariable,
  isExecutableFile,
} from '../temporal-binaries/executable-file.js';
import { describeError, formatDuration } from '../temporal-binaries/progress.js';
import {
  type ProgressLog,
  type ResolveOptions,
  type ResolvedBinary,
} from '../temporal-binaries/resolved-binary.js';
import { runCommand } from '../temporal-binaries/run-command.js';
import {
  PROMETHEUS_VERSION,
  PROMETHEUS_VERSION_VARIABLE,
  PROMTOOL_MODULE_VERSION,
  PROMTOOL_PACKAGE,
} from './versions.js';

const EXECUTABLE = 'promtool';
export const PROMTOOL_PATH_VARIABLE = 'PROMTOOL_PATH';

const logToStderr: ProgressLog = (line) => {
  process.stderr.write(`[promtool] ${line}\n`);
};

export function promtoolCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'promtool', PROMTOOL_MODULE_VERSION);
}

/**
 * Finds promtool (checks and unit-tests the Prometheus rules): `PROMTOOL_PATH`, then
 * `promtool` on PATH, then the cache, then a `go install` build into the cache. `undefined`
 * means none was found and Go is missing.
 */
export async function resolvePromtool(
  options: ResolveOptions = {},
): Promise<ResolvedBinary | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? logToStderr;

  const configured = await fromEnvironmentVariable(PROMTOOL_PATH_VARIABLE, env);
  if (configured) {
    return { path: configured, source: 'env' };
  }
  const onPath = await findOnPath(EXECUTABLE, env);
  if (onPath) {
    return { path: onPath, source: 'path' };
  }
  const entryDir = promtoolCacheDir(env);
  const cached = join(entryDir, EXECUTABLE);
  if (await isExecutableFile(cached)) {
    return { path: cached, source: 'cache' };
  }
  if (options.build === false) {
    return undefined;
  }

  const go = await findOnPath('go', env);
  if (!go) {
    log(`Go is not installed, so promtool (Prometheus ${PROMETHEUS_VERSION}) cannot be built;`);
    log(`install Go or set ${PROMTOOL_PATH_VARIABLE} to a promtool binary.`);
    return undefined;
  }

  const started = performance.now();
  log(
    `Building promtool (Prometheus ${PROMETHEUS_VERSION}) with go install — first run only, several minutes…`,
  );
  try {
    await buildCacheEntry(
      entryDir,
      (workDir) => goInstall(go, workDir, env, log),
      (dir) => isExecutableFile(join(dir, EXECUTABLE)),
    );
  } catch (error) {
    throw new Error(
      `Building promtool v${PROMTOOL_MODULE_VERSION} failed. Fix the error below or set ` +
        `${PROMTOOL_PATH_VARIABLE} to an existing promtool binary.\n${describeError(error)}`,
      { cause: error },
    );
  }
  log(`Built promtool in ${formatDuration(performance.now() - started)}: ${cached}`);
  return { path: cached, source: 'built' };
}

async function goInstall(
  go: string,
  binDir: string,
  env: NodeJS.ProcessEnv,
  log: ProgressLog,
): Promise<void> {
  const ldflags = `-s -w -X ${PROMETHEUS_VERSION_VARIABLE}=${PROMETHEUS_VERSION}`;
  await runCommand(
    go,
    ['install', `-ldflags=${ldflags}`, `${PROMTOOL_PACKAGE}@v${PROMTOOL_MODULE_VERSION}`],
    { env: { ...env, GOBIN: binDir }, log, activity: 'building promtool' },
  );
}
