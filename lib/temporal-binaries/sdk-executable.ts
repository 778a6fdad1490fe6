import type { EphemeralServerExecutable } from '@temporalio/testing';

import { type ResolvedBinary } from './resolved-binary.js';

/** Maps a resolution to the SDK's executable option; nothing found means the SDK downloads it. */
export function toSdkExecutable(binary: ResolvedBinary | undefined): EphemeralServerExecutable {
  return binary ? { type: 'existing-path', path: binary.path } : { type: 'cached-download' };
}

/** For processes that received a resolved path through an environment variable. */
export function sdkExecutableFromEnv(
  variable: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH',
  env: NodeJS.ProcessEnv = process.env,
): EphemeralServerExecutable {
  const path = env[variable];
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}
