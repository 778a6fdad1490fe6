// The packages a compiled entry point can load: its static and dynamic imports, followed through
// the project's own files. Starting the processes proves the paths they take; this also covers the
// imports on paths a short run never takes (an error handler, a lazily loaded module).
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';

const IMPORT =
  /(?:^|[\s;}])(?:import|export)\s*(?:[\w*{}\s,$]+?\s*from\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export interface PackageImport {
  packageName: string;
  /** A project file that imports it. */
  importedBy: string;
}

/** The packages (not Node built-ins) reachable from the given files through relative imports. */
export async function packageImports(entryPoints: string[]): Promise<PackageImport[]> {
  const seen = new Set<string>();
  const found = new Map<string, string>();
  const pending = [...entryPoints];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) {
        pending.push(resolve(dirname(file), specifier));
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        const name = packageName(specifier);
        if (!found.has(name)) found.set(name, file);
      }
    }
  }
  return [...found].map(([name, importedBy]) => ({ packageName: name, importedBy }));
}

interface Lockfile {
  packages: Record<string, { dev?: boolean; optional?: boolean }>;
}

/** Packages the lockfile installs for development only (`npm ci --omit=dev` leaves them out). */
export async function devOnlyPackages(lockfilePath: string): Promise<Set<string>> {
  const lock = JSON.parse(await readFile(lockfilePath, 'utf8')) as Lockfile;
  return new Set(
    Object.entries(lock.packages)
      // Top-level entries only: those are what the project's own files resolve to.
      .filter(
        ([path, entry]) => entry.dev === true && /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path),
      )
      .map(([path]) => path.slice('node_modules/'.length)),
  );
}
