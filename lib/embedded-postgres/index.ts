export { type ServerAddress } from './connection-url.js';
export { findFreePort } from './ports.js';
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresOptions,
  type RunningPostgres,
} from './start-embedded-postgres.js';
