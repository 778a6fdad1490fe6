import { copyFile, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { testServerCacheDir } from './cache-dir.js';
import { buildCacheEntry } from './cache-entry.js';
import { findOnPath, fromEnvironmentVariable, isExecutableFile } from './executable-file.js';
import { describeError, formatDuration, logToStderr } from './progress.js';
import { type ProgressLog, type ResolveOptions, type ResolvedBinary } from './resolved-binary.js';
import { runCommand } from './run-command.js';
import { JAR_DIR, JAR_LIST, WRAPPER_NAME, wrapperScript } from './test-server-wrapper.js';
import { TEST_SERVER_ARTIFACT, TEST_SERVER_VERSION } from './versions.js';

const POM = fileURLToPath(new URL('./test-server/pom.xml', import.meta.url));
const MAIN_JAR = `temporal-test-server-${TEST_SERVER_VERSION}.jar`;

/**
 * Finds the time-skipping test server: `TEMPORAL_TEST_SERVER_PATH`, then the cache, then a
 * Maven resolution into the cache. `undefined` means none was found and Maven or Java is
 * missing: let the SDK download the test server.
 */
export async function resolveTestServer(
  options: ResolveOptions = {},
): Promise<ResolvedBinary | undefined> {
  const env = options.env ?? process.env;
  const log = options.log ?? logToStderr;

  const configured = await fromEnvironmentVariable('TEMPORAL_TEST_SERVER_PATH', env);
  if (configured) {
    return { path: configured, source: 'env' };
  }
  const entryDir = testServerCacheDir(TEST_SERVER_VERSION, env);
  const wrapper = join(entryDir, WRAPPER_NAME);
  if (await isCompleteEntry(entryDir)) {
    return { path: wrapper, source: 'cache' };
  }
  if (options.build === false) {
    return undefined;
  }

  const mvn = await findOnPath('mvn', env);
  const java = await findJava(env);
  if (!mvn || !java) {
    log(`${mvn ? 'Java' : 'Maven'} is not installed, so the time-skipping test server cannot be`);
    log('set up here; the Temporal SDK will try to download it (needs internet access).');
    return undefined;
  }

  const started = performance.now();
  log(
    `Resolving the time-skipping test server ${TEST_SERVER_VERSION} (${TEST_SERVER_ARTIFACT}) with Maven — first run only…`,
  );
  try {
    await buildCacheEntry(entryDir, (workDir) => assemble(mvn, workDir, env, log), isCompleteEntry);
  } catch (error) {
    throw new Error(
      `Setting up the time-skipping test server ${TEST_SERVER_VERSION} failed. Fix the error ` +
        `below or set TEMPORAL_TEST_SERVER_PATH to an existing test server executable.\n` +
        describeError(error),
      { cause: error },
    );
  }
  log(
    `Set up the test server in ${formatDuration(performance.now() - started)}: ${wrapper} (needs Java at run time)`,
  );
  return { path: wrapper, source: 'built' };
}

async function assemble(
  mvn: string,
  workDir: string,
  env: NodeJS.ProcessEnv,
  log: ProgressLog,
): Promise<void> {
  const pom = join(workDir, 'pom.xml');
  await copyFile(POM, pom);
  await runCommand(
    mvn,
    [
      '--batch-mode',
      '--quiet',
      '--file',
      pom,
      `-Dtemporal.test-server.version=${TEST_SERVER_VERSION}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(workDir, JAR_DIR)}`,
    ],
    { cwd: workDir, env, log, activity: 'resolving the test server with Maven' },
  );
  await rm(join(workDir, 'target'), { recursive: true, force: true });

  const jars = (await readdir(join(workDir, JAR_DIR))).filter((file) => file.endsWith('.jar'));
  await writeFile(join(workDir, JAR_LIST), `${jars.sort().join('\n')}\n`);
  await writeFile(join(workDir, WRAPPER_NAME), wrapperScript(), { mode: 0o755 });
}

async function isCompleteEntry(dir: string): Promise<boolean> {
  if (!(await isExecutableFile(join(dir, WRAPPER_NAME)))) {
    return false;
  }
  let jars: string[];
  try {
    jars = (await readFile(join(dir, JAR_LIST), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return false;
  }
  if (!jars.includes(MAIN_JAR)) {
    return false;
  }
  const present = await Promise.all(jars.map((jar) => isFile(join(dir, JAR_DIR, jar))));
  return present.every(Boolean);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function findJava(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.JAVA_HOME) {
    const java = join(env.JAVA_HOME, 'bin', 'java');
    return (await isExecutableFile(java)) ? java : undefined;
  }
  return findOnPath('java', env);
}
