export { cacheRoot } from './cache-dir.js';
export {
  type BinarySource,
  type ProgressLog,
  type ResolveOptions,
  type ResolvedBinary,
} from './resolved-binary.js';
export { sdkExecutableFromEnv, toSdkExecutable } from './sdk-executable.js';
export { resolveTemporalCli } from './temporal-cli.js';
export { resolveTestServer } from './test-server.js';
export { TEMPORAL_CLI_VERSION, TEST_SERVER_VERSION } from './versions.js';
