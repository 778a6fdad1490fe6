import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Where `go mod download` extracted `module@version` (it downloads it first when needed). */
export async function goModuleDir(
  go: string,
  moduleAtVersion: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const { stdout } = await promisify(execFile)(go, ['mod', 'download', '-json', moduleAtVersion], {
    cwd,
    env,
  });
  const { Dir: dir, Error: error } = JSON.parse(stdout) as { Dir?: string; Error?: string };
  if (error !== undefined || dir === undefined) {
    throw new Error(`go mod download ${moduleAtVersion}: ${error ?? 'no Dir in its output'}`);
  }
  return dir;
}
