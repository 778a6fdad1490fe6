import { cp, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import { cacheRoot } from '../temporal-binaries/cache-dir.js';
import { buildCacheEntry } from '../temporal-binaries/cache-entry.js';
import { findOnPath, isExecutableFile } from '../temporal-binaries/executable-file.js';
import { describeError, formatDuration, logToStderr } from '../temporal-binaries/progress.js';
import {
  type BinarySource,
  type ProgressLog,
  type ResolveOptions,
} from '../temporal-binaries/resolved-binary.js';
import { runCommand } from '../temporal-binaries/run-command.js';
import { goModuleDir } from './go-module-dir.js';
import {
  POSTGRES_SCHEMA_DIR,
  TEMPORAL_SERVER_COMMANDS,
  TEMPORAL_SERVER_GO_TOOLCHAIN,
  TEMPORAL_SERVER_MODULE,
  TEMPORAL_SERVER_VERSION,
} from './versions.js';

/** Points at a folder laid out like a cache entry; a typo fails instead of building. */
export const TEMPORAL_SERVER_DIR_VARIABLE = 'TEMPORAL_SERVER_DIR';

export interface TemporalServerBinaries {
  /** The entry: what TEMPORAL_SERVER_DIR names. */
  dir: string;
  /** The folder holding both binaries: put it on PATH to run the setup scripts. */
  binDir: string;
  server: string;
  sqlTool: string;
  /** The PostgreSQL schema (`temporal/`, `visibility/`), the SCHEMA_ROOT of setup-schema.sh. */
  postgresSchemaDir: string;
  version: string;
  source: BinarySource;
}

export function temporalServerCacheDir(
  version: string = TEMPORAL_SERVER_VERSION,
  env?: NodeJS.ProcessEnv,
): string {
  return join(cacheRoot(env), 'temporal-server', version);
}

function layout(dir: string, source: BinarySource): TemporalServerBinaries {
  return {
    dir,
    binDir: join(dir, 'bin'),
    server: join(dir, 'bin', TEMPORAL_SERVER_COMMANDS['cmd/server']),
    sqlTool: join(dir, 'bin', TEMPORAL_SERVER_COMMANDS['cmd/tools/sql']),
    postgresSchemaDir: join(dir, POSTGRES_SCHEMA_DIR),
    version: TEMPORAL_SERVER_VERSION,
    source,
  };
}

async function isCompleteEntry(dir: string): Promise<boolean> {
  const entry = layout(dir, 'cache');
  if (!(await isExecutableFile(entry.server)) || !(await isExecutableFile(entry.sqlTool))) {
    return false;
  }
  try {
    const schemas = await readdir(entry.postgresSchemaDir);
    return schemas.includes('temporal') && schemas.includes('visibility');
  } catch {
    return false;
  }
}

/**
 * Finds `temporal-server` and `temporal-sql-tool` of the version docker-compose.yml runs:
 * `TEMPORAL_SERVER_DIR`, then the cache, then a build from the Go module proxy into the cache.
 * `undefined` means Go is missing (or `build: false`): nothing can run the production server.
 */
export async function resolveTemporalServer(
  options: ResolveOptions = {},
): Promise<TemporalServerBinaries | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? logToStderr;

  const configured = env[TEMPORAL_SERVER_DIR_VARIABLE];
  if (configured) {
    if (!(await isCompleteEntry(configured))) {
      throw new Error(
        `${TEMPORAL_SERVER_DIR_VARIABLE} is set to ${configured}, which lacks ` +
          `bin/temporal-server, bin/temporal-sql-tool or ${POSTGRES_SCHEMA_DIR}/.`,
      );
    }
    return layout(configured, 'env');
  }
  const entryDir = temporalServerCacheDir(TEMPORAL_SERVER_VERSION, env);
  if (await isCompleteEntry(entryDir)) {
    return layout(entryDir, 'cache');
  }
  if (options.build === false) {
    return undefined;
  }
  const go = await findOnPath('go', env);
  if (!go) {
    log(`Go is not installed, so the Temporal server v${TEMPORAL_SERVER_VERSION} cannot be built.`);
    return undefined;
  }

  const started = performance.now();
  log(
    `Building temporal-server and temporal-sql-tool v${TEMPORAL_SERVER_VERSION} with ` +
      `${TEMPORAL_SERVER_GO_TOOLCHAIN} — first run only, up to an hour on 2 busy cores…`,
  );
  try {
    await buildCacheEntry(entryDir, (dir) => build(go, dir, env, log), isCompleteEntry);
  } catch (error) {
    throw new Error(
      `Building the Temporal server v${TEMPORAL_SERVER_VERSION} failed. Fix the error below or ` +
        `set ${TEMPORAL_SERVER_DIR_VARIABLE} to a folder with bin/temporal-server, ` +
        `bin/temporal-sql-tool and ${POSTGRES_SCHEMA_DIR}/.\n${describeError(error)}`,
      { cause: error },
    );
  }
  log(`Built the Temporal server in ${formatDuration(performance.now() - started)}: ${entryDir}`);
  return layout(entryDir, 'built');
}

async function build(
  go: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  log: ProgressLog,
): Promise<void> {
  // The toolchain the server's go.mod asks for, fetched from the proxy whatever the machine's
  // GOTOOLCHAIN says (`local` would refuse the module).
  const goEnv = { ...env, GOTOOLCHAIN: TEMPORAL_SERVER_GO_TOOLCHAIN, GOBIN: join(dir, 'bin') };
  const at = `@v${TEMPORAL_SERVER_VERSION}`;
  const packages = Object.keys(TEMPORAL_SERVER_COMMANDS).map(
    (path) => `${TEMPORAL_SERVER_MODULE}/${path}${at}`,
  );
  // No debug symbols, as in the release builds; the version is a constant in the source.
  await runCommand(go, ['install', '-ldflags=-s -w', ...packages], {
    cwd: dir,
    env: goEnv,
    log,
    activity: 'building the Temporal server',
  });
  for (const [path, name] of Object.entries(TEMPORAL_SERVER_COMMANDS)) {
    await rename(join(dir, 'bin', path.split('/').at(-1) ?? path), join(dir, 'bin', name));
  }
  const moduleDir = await goModuleDir(go, `${TEMPORAL_SERVER_MODULE}${at}`, dir, goEnv);
  await cp(join(moduleDir, POSTGRES_SCHEMA_DIR), join(dir, POSTGRES_SCHEMA_DIR), {
    recursive: true,
  });
}
