// Which installed packages were built for another machine: npm skips a package whose `os`, `cpu`
// or `libc` exclude the current one, but only when the lockfile carries those fields.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface PlatformFields {
  name?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

/** npm's rule: a list allows the value if it names it, or has `!x` entries and none is `!value`. */
function allows(list: string[] | undefined, value: string): boolean {
  if (list === undefined || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  return list.includes(value) || list.every((entry) => entry.startsWith('!'));
}

function currentLibc(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } })
    .header;
  return header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

async function packageDirs(nodeModules: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(nodeModules);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const entry of entries.filter((name) => !name.startsWith('.'))) {
    if (entry.startsWith('@')) {
      for (const scoped of await readdir(join(nodeModules, entry))) {
        dirs.push(join(nodeModules, entry, scoped));
      }
    } else {
      dirs.push(join(nodeModules, entry));
    }
  }
  const nested = await Promise.all(dirs.map((dir) => packageDirs(join(dir, 'node_modules'))));
  return [...dirs, ...nested.flat()];
}

/** Packages under `nodeModules` whose package.json excludes this OS, CPU or C library. */
export async function foreignPlatformPackages(nodeModules: string): Promise<string[]> {
  const libc = currentLibc();
  const foreign: string[] = [];
  for (const dir of await packageDirs(nodeModules)) {
    let fields: PlatformFields;
    try {
      fields = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PlatformFields;
    } catch {
      continue;
    }
    const fits =
      allows(fields.os, process.platform) &&
      allows(fields.cpu, process.arch) &&
      (libc === undefined || allows(fields.libc, libc));
    if (!fits) foreign.push(fields.name ?? dir);
  }
  return foreign.sort();
}
