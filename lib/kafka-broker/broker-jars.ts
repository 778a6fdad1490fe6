import { copyFile, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cacheRoot } from '../temporal-binaries/cache-dir.js';
import { buildCacheEntry } from '../temporal-binaries/cache-entry.js';
import { findOnPath } from '../temporal-binaries/executable-file.js';
import { describeError, formatDuration } from '../temporal-binaries/progress.js';
import { type ProgressLog } from '../temporal-binaries/resolved-binary.js';
import { runCommand } from '../temporal-binaries/run-command.js';
import { KAFKA_ARTIFACT, KAFKA_VERSION, LOG4J_VERSION } from './versions.js';

const POM = fileURLToPath(new URL('./pom.xml', import.meta.url));
const JAR_DIR = 'lib';
/** The jars of a complete entry, one a line: the classpath, and a check of the cache. */
const JAR_LIST = 'jars.txt';
const MAIN_JAR = `kafka_2.13-${KAFKA_VERSION}.jar`;

export interface BrokerJars {
  /** Absolute paths of the broker's jars, in a stable order. */
  classpath: string[];
  source: 'cache' | 'built';
}

export interface ResolveBrokerJarsOptions {
  env?: NodeJS.ProcessEnv;
  log?: ProgressLog;
}

export const logToStderr: ProgressLog = (line) => {
  process.stderr.write(`[kafka-broker] ${line}\n`);
};

/** `${cache}/kafka/<version>`: outside the clone, shared by every clone and CI run. */
export function kafkaBrokerCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'kafka', KAFKA_VERSION);
}

/**
 * The Kafka broker's jars: from the cache, else resolved from Maven Central with Maven into the
 * cache (the first run only; jars already in ~/.m2 are copied from there).
 */
export async function resolveKafkaBrokerJars(
  options: ResolveBrokerJarsOptions = {},
): Promise<BrokerJars> {
  const env = options.env ?? process.env;
  const log = options.log ?? logToStderr;
  const entryDir = kafkaBrokerCacheDir(env);
  const cached = await completeEntryJars(entryDir);
  if (cached) return { classpath: cached, source: 'cache' };

  const mvn = await findOnPath('mvn', env);
  if (!mvn) {
    throw new Error(
      `Maven is not installed, so the Kafka broker (${KAFKA_ARTIFACT} ${KAFKA_VERSION}) cannot ` +
        'be resolved. Install Maven and Java 17+, or point KAFKA_BOOTSTRAP_SERVERS at a running Kafka.',
    );
  }
  const started = performance.now();
  log(
    `Resolving the Kafka broker ${KAFKA_VERSION} (${KAFKA_ARTIFACT}) with Maven — first run only…`,
  );
  try {
    await buildCacheEntry(
      entryDir,
      (workDir) => assemble(mvn, workDir, env, log),
      async (dir) => (await completeEntryJars(dir)) !== undefined,
    );
  } catch (error) {
    throw new Error(
      `Resolving the Kafka broker ${KAFKA_VERSION} failed. Fix the error below, or point ` +
        `KAFKA_BOOTSTRAP_SERVERS at a running Kafka.\n${describeError(error)}`,
      { cause: error },
    );
  }
  const jars = await completeEntryJars(entryDir);
  if (!jars) throw new Error(`The Kafka broker's cache entry ${entryDir} is incomplete.`);
  log(`Resolved the Kafka broker in ${formatDuration(performance.now() - started)}: ${entryDir}`);
  return { classpath: jars, source: 'built' };
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
      `-Dkafka.version=${KAFKA_VERSION}`,
      `-Dlog4j.version=${LOG4J_VERSION}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(workDir, JAR_DIR)}`,
    ],
    { cwd: workDir, env, log, activity: 'resolving the Kafka broker with Maven' },
  );
  await rm(join(workDir, 'target'), { recursive: true, force: true });
  const jars = (await readdir(join(workDir, JAR_DIR))).filter((file) => file.endsWith('.jar'));
  await writeFile(join(workDir, JAR_LIST), `${jars.sort().join('\n')}\n`);
}

/** The entry's jars as absolute paths, or undefined when the entry is missing or damaged. */
async function completeEntryJars(dir: string): Promise<string[] | undefined> {
  let jars: string[];
  try {
    jars = (await readFile(join(dir, JAR_LIST), 'utf8')).split('\n').filter(Boolean);
  } catch {
    return undefined;
  }
  if (!jars.includes(MAIN_JAR)) return undefined;
  const paths = jars.map((jar) => join(dir, JAR_DIR, jar));
  const present = await Promise.all(paths.map(isFile));
  return present.every(Boolean) ? paths : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
