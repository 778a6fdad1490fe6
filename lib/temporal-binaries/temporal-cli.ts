import { join } from 'node:path';

import { temporalCliCacheDir } from './cache-dir.js';
import { buildCacheEntry } from './cache-entry.js';
import { findOnPath, fromEnvironmentVariable, isExecutableFile } from './executable-file.js';
import { describeError, formatDuration, logToStderr } from './progress.js';
import { type ProgressLog, type ResolveOptions, type ResolvedBinary } from './resolved-binary.js';
import { runCommand } from './run-command.js';
import {
  TEMPORAL_CLI_PACKAGE,
  TEMPORAL_CLI_VERSION,
  TEMPORAL_CLI_VERSION_VARIABLE,
} from './versions.js';

const EXECUTABLE = 'temporal';

/**
 * Finds the Temporal CLI (dev server and Web UI): `TEMPORAL_CLI_PATH`, then `temporal` on
 * PATH, then the cache, then a `go install` build into the cache. `undefined` means none was
 * found and Go is missing: let the SDK download the CLI.
 */
export async function resolveTemporalCli(
  options: ResolveOptions = {},
): Promise<ResolvedBinary | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? logToStderr;

  const configured = await fromEnvironmentVariable('TEMPORAL_CLI_PATH', env);
  if (configured) {
    return { path: configured, source: 'env' };
  }
  const onPath = await findOnPath(EXECUTABLE, env);
  if (onPath) {
    return { path: onPath, source: 'path' };
  }
  const entryDir = temporalCliCacheDir(TEMPORAL_CLI_VERSION, env);
  const cached = join(entryDir, EXECUTABLE);
  if (await isExecutableFile(cached)) {
    return { path: cached, source: 'cache' };
  }
  if (options.build === false) {
    return undefined;
  }

  const go = await findOnPath('go', env);
  if (!go) {
    log(`Go is not installed, so the Temporal CLI v${TEMPORAL_CLI_VERSION} cannot be built here;`);
    log('the Temporal SDK will try to download it (needs internet access).');
    return undefined;
  }

  const started = performance.now();
  log(
    `Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with go install — first run only, about 4 minutes…`,
  );
  try {
    await buildCacheEntry(
      entryDir,
      (workDir) => goInstall(go, workDir, env, log),
      (dir) => isExecutableFile(join(dir, EXECUTABLE)),
    );
  } catch (error) {
    throw new Error(
      `Building the Temporal CLI v${TEMPORAL_CLI_VERSION} failed. Fix the error below or set ` +
        `TEMPORAL_CLI_PATH to an existing \`temporal\` binary.\n${describeError(error)}`,
      { cause: error },
    );
  }
  log(`Built the Temporal CLI in ${formatDuration(performance.now() - started)}: ${cached}`);
  return { path: cached, source: 'built' };
}

async function goInstall(
  go: string,
  binDir: string,
  env: NodeJS.ProcessEnv,
  log: ProgressLog,
): Promise<void> {
  // Same link flags as the CLI's release builds: no debug symbols, and the real version string.
  const ldflags = `-s -w -X ${TEMPORAL_CLI_VERSION_VARIABLE}=${TEMPORAL_CLI_VERSION}`;
  await runCommand(
    go,
    ['install', `-ldflags=${ldflags}`, `${TEMPORAL_CLI_PACKAGE}@v${TEMPORAL_CLI_VERSION}`],
    { env: { ...env, GOBIN: binDir }, log, activity: 'building the Temporal CLI' },
  );
}
