export {
  resolveTemporalServer,
  TEMPORAL_SERVER_DIR_VARIABLE,
  temporalServerCacheDir,
  type TemporalServerBinaries,
} from './temporal-server.js';
export { TEMPORAL_SERVER_GO_TOOLCHAIN, TEMPORAL_SERVER_VERSION } from './versions.js';
