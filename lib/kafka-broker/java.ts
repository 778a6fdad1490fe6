import { join } from 'node:path';

import { findOnPath, isExecutableFile } from '../temporal-binaries/executable-file.js';

/** `$JAVA_HOME/bin/java`, else `java` on PATH. The broker needs Java 17 or newer. */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.JAVA_HOME) {
    const java = join(env.JAVA_HOME, 'bin', 'java');
    if (await isExecutableFile(java)) return java;
    throw new Error(`JAVA_HOME is ${env.JAVA_HOME}, which has no bin/java.`);
  }
  const java = await findOnPath('java', env);
  if (!java) {
    throw new Error(
      'Java is not installed, so the embedded Kafka broker cannot run. Install Java 17 or newer, ' +
        'or point KAFKA_BOOTSTRAP_SERVERS at a running Kafka.',
    );
  }
  return java;
}

/**
 * A development broker: a small heap, the serial collector and C1-only compilation (the JIT's
 * second tier costs seconds of CPU at start-up and buys nothing at this load).
 */
export const BROKER_JVM_OPTIONS = [
  '-Xms64m',
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
] as const;
