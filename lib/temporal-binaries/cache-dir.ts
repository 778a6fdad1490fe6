import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The cache lives outside the clone so that every clone (and CI with a cached home folder)
 * reuses binaries that take minutes to build.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHECKOUT_SAGA_CACHE_DIR) {
    return resolve(env.CHECKOUT_SAGA_CACHE_DIR);
  }
  const base = nonEmpty(env.XDG_CACHE_HOME) ?? join(nonEmpty(env.HOME) ?? homedir(), '.cache');
  return join(resolve(base), 'checkout-saga');
}

/** The XDG spec treats an empty variable like an unset one. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

export function temporalCliCacheDir(version: string, env?: NodeJS.ProcessEnv): string {
  return join(cacheRoot(env), 'temporal-cli', version);
}

export function testServerCacheDir(version: string, env?: NodeJS.ProcessEnv): string {
  return join(cacheRoot(env), 'temporal-test-server', version);
}
