import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type ProgressLog } from '../temporal-binaries/resolved-binary.js';
import {
  BROKER_HOST,
  type BrokerAddresses,
  log4jProperties,
  serverProperties,
} from './broker-config.js';
import { logToStderr, resolveKafkaBrokerJars } from './broker-jars.js';
import { BROKER_JVM_OPTIONS, findJava } from './java.js';
import { formatStorageOnce } from './storage-format.js';
import { KAFKA_MAIN_CLASS } from './versions.js';

export interface KafkaBrokerOptions extends BrokerAddresses {
  /** Holds the broker's settings and its log directory (`kraft/`); kept between runs. */
  dataDir: string;
  log?: ProgressLog;
  env?: NodeJS.ProcessEnv;
}

/** How to run a prepared broker: a supervisor spawns `command args` and waits for it. */
export interface KafkaBrokerLaunch {
  command: string;
  args: string[];
  bootstrapServers: string;
  /** True when this call formatted a new log directory (the first start on this data folder). */
  formatted: boolean;
}

/**
 * Everything a broker needs before it starts: its jars (resolved into the cache once), Java,
 * server.properties and the Log4j settings in the data folder (written each time, as the ports
 * may change), and a formatted log directory (formatted once).
 */
export async function prepareKafkaBroker(options: KafkaBrokerOptions): Promise<KafkaBrokerLaunch> {
  const log = options.log ?? logToStderr;
  const env = options.env ?? process.env;
  const [{ classpath }, java] = await Promise.all([
    resolveKafkaBrokerJars({ env, log }),
    findJava(env),
  ]);
  await mkdir(options.dataDir, { recursive: true });
  const logDir = join(options.dataDir, 'kraft');
  const propertiesFile = join(options.dataDir, 'server.properties');
  const log4jFile = join(options.dataDir, 'log4j2.properties');
  await Promise.all([
    writeFile(propertiesFile, serverProperties(logDir, options)),
    writeFile(log4jFile, log4jProperties()),
  ]);
  const jvmOptions = [...BROKER_JVM_OPTIONS, `-Dlog4j2.configurationFile=${log4jFile}`];
  const formatted = await formatStorageOnce({
    java,
    jvmOptions,
    classpath,
    logDir,
    addresses: options,
    log,
  });
  return {
    command: java,
    args: [...jvmOptions, '-cp', classpath.join(':'), KAFKA_MAIN_CLASS, propertiesFile],
    bootstrapServers: `${BROKER_HOST}:${options.port}`,
    formatted,
  };
}
