import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const stats = await stat(path);
    if (!stats.isFile() || stats.size === 0) {
      return false;
    }
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** An explicitly configured path must work: a typo should fail loudly, not fall through to a build. */
export async function fromEnvironmentVariable(
  variable: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const path = env[variable];
  if (!path) {
    return undefined;
  }
  if (!(await isExecutableFile(path))) {
    throw new Error(`${variable} is set to ${path}, which is not an executable file.`);
  }
  return path;
}
