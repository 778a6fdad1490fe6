import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const BUILDING_MARK = '.building-';

/**
 * Builds a cache entry in a temporary sibling folder and renames it into place, so readers
 * never see half a build and two processes racing to build the same entry both end up with
 * one complete copy.
 */
export async function buildCacheEntry(
  entryDir: string,
  build: (dir: string) => Promise<void>,
  isValid: (dir: string) => Promise<boolean>,
): Promise<void> {
  const parent = dirname(entryDir);
  const name = basename(entryDir);
  await mkdir(parent, { recursive: true });
  await removeAbandonedBuilds(parent, name);

  const workDir = await mkdtemp(join(parent, `.${name}${BUILDING_MARK}${process.pid}-`));
  try {
    await build(workDir);
    if (!(await isValid(workDir))) {
      throw new Error(`The build in ${workDir} did not produce a usable entry.`);
    }
    await chmod(workDir, 0o755); // mkdtemp makes it private
    await moveIntoPlace(workDir, entryDir, isValid);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function moveIntoPlace(
  workDir: string,
  entryDir: string,
  isValid: (dir: string) => Promise<boolean>,
): Promise<void> {
  try {
    await rename(workDir, entryDir);
    return;
  } catch (error) {
    if (!isDirectoryNotEmpty(error)) {
      throw error;
    }
  }
  if (await isValid(entryDir)) {
    return; // another process finished the same build first
  }
  // A broken entry is in the way: move it aside in one step, then take its place.
  const broken = `${workDir}-broken`;
  await rename(entryDir, broken);
  await rm(broken, { recursive: true, force: true });
  await rename(workDir, entryDir);
}

function isDirectoryNotEmpty(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}

/** A build killed half-way leaves its folder behind; remove those whose process is gone. */
async function removeAbandonedBuilds(parent: string, name: string): Promise<void> {
  const prefix = `.${name}${BUILDING_MARK}`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) {
      continue;
    }
    const pid = Number.parseInt(entry.slice(prefix.length), 10);
    if (Number.isInteger(pid) && !isProcessAlive(pid)) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
