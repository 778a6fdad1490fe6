import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { runCommand } from '../temporal-binaries/run-command.js';
import { type ProgressLog } from '../temporal-binaries/resolved-binary.js';
import { type BrokerAddresses, serverProperties } from './broker-config.js';
import { STORAGE_TOOL_CLASS } from './versions.js';

export interface FormatOptions {
  java: string;
  jvmOptions: readonly string[];
  classpath: readonly string[];
  /** The broker's log directory (its `log.dirs`). */
  logDir: string;
  addresses: BrokerAddresses;
  log: ProgressLog;
}

/**
 * Formats the KRaft log directory the first time (a new cluster id); an existing one is kept,
 * with its topics and offsets. The format runs in a sibling folder renamed into place, so an
 * interrupted one never leaves a directory that looks formatted.
 */
export async function formatStorageOnce(options: FormatOptions): Promise<boolean> {
  const { logDir } = options;
  if (await exists(join(logDir, 'meta.properties'))) return false;
  if (await exists(logDir)) {
    throw new Error(
      `${logDir} exists but is no formatted Kafka log directory (no meta.properties). ` +
        'Move it away or choose another data folder.',
    );
  }
  const staging = `${logDir}.format-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const config = join(staging, 'format.properties');
    await writeFile(config, serverProperties(staging, options.addresses));
    await runCommand(
      options.java,
      [
        ...options.jvmOptions,
        '-cp',
        options.classpath.join(':'),
        STORAGE_TOOL_CLASS,
        'format',
        // One argument: an id that starts with '-' would otherwise read as an option.
        `--cluster-id=${newClusterId()}`,
        '--config',
        config,
      ],
      { log: options.log, activity: 'formatting the Kafka log directory' },
    );
    await rm(config);
    await rename(staging, logDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return true;
}

/** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (22 characters). */
function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
