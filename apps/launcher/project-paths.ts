import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this file with a package.json. The same from
 * the sources (apps/launcher) and from the build (dist/apps/launcher).
 */
export function projectRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) {
      throw new Error(`No package.json above ${start}: cannot find the repository root.`);
    }
  }
}

/** What the launcher runs, all from the build (`npm run build`). */
export function builtPaths(root: string) {
  const dist = join(root, 'dist');
  return {
    entryPoint: (app: string) => join(dist, 'apps', app, 'main.js'),
    postgresHost: join(dist, 'apps', 'launcher', 'postgres-main.js'),
    workflowBundle: join(dist, 'workflow-bundle.js'),
    searchAttributes: join(root, 'temporal-config', 'search-attributes.txt'),
  };
}
