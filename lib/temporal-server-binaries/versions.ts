/**
 * The Temporal server that docker-compose.yml runs (temporalio/server and temporalio/admin-tools
 * images); test/unit/compose-consistency.test.ts keeps the two equal.
 */
export const TEMPORAL_SERVER_VERSION = '1.32.2';
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
/**
 * The `go` line of the server's go.mod: older toolchains refuse to build it. The Go module proxy
 * serves this toolchain, and `GOTOOLCHAIN` makes any Go ≥ 1.21 fetch and use it.
 */
export const TEMPORAL_SERVER_GO_TOOLCHAIN = 'go1.26.10';

/** Package path in the module → the name the server images give the binary. */
export const TEMPORAL_SERVER_COMMANDS = {
  'cmd/server': 'temporal-server',
  'cmd/tools/sql': 'temporal-sql-tool',
} as const;

/** The PostgreSQL schema files, as the admin-tools image ships them under /etc/temporal/schema. */
export const POSTGRES_SCHEMA_DIR = 'schema/postgresql/v12';
