#!/bin/sh
# Creates Temporal's two PostgreSQL databases and brings their schemas to the version the server
# image expects. docker-compose.yml runs it once per `docker compose up` in the
# temporalio/admin-tools image of the same version as the server (the schema files ship in that
# image), before the server starts. Every step is idempotent, so a second run, or a run after a
# server upgrade, only applies what is missing:
#   - create-database skips a database that exists;
#   - setup-schema -v 0.0 creates the version bookkeeping tables only when they are missing and
#     never lowers a recorded version;
#   - update-schema applies the versioned migrations above the recorded version.
#
# Connection settings come from the environment, read by temporal-sql-tool itself:
# SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD (and SQL_TLS* for a managed server).
# TEMPORAL_DATABASE and TEMPORAL_VISIBILITY_DATABASE name the two databases.
set -eu

: "${SQL_PLUGIN:?set SQL_PLUGIN (postgres12 or postgres12_pgx)}"
: "${SQL_HOST:?set SQL_HOST}"
: "${SQL_USER:?set SQL_USER}"
export SQL_PORT="${SQL_PORT:-5432}"
TEMPORAL_DATABASE="${TEMPORAL_DATABASE:-temporal}"
TEMPORAL_VISIBILITY_DATABASE="${TEMPORAL_VISIBILITY_DATABASE:-temporal_visibility}"
SCHEMA_ROOT="${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}"

# Compose starts this job once PostgreSQL reports healthy; the wait covers a database reached
# over a network that comes up later (or a restart of the job while PostgreSQL restarts).
attempt=1
until nc -z -w 5 "$SQL_HOST" "$SQL_PORT"; do
  if [ "$attempt" -ge 30 ]; then
    echo "setup-schema: PostgreSQL at $SQL_HOST:$SQL_PORT is unreachable" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep 2
done

# setup_database DATABASE SCHEMA_DIRECTORY
setup_database() {
  echo "setup-schema: $1"
  temporal-sql-tool --db "$1" create-database
  temporal-sql-tool --db "$1" setup-schema -v 0.0
  temporal-sql-tool --db "$1" update-schema -d "$SCHEMA_ROOT/$2/versioned"
}

setup_database "$TEMPORAL_DATABASE" temporal
setup_database "$TEMPORAL_VISIBILITY_DATABASE" visibility
echo "setup-schema: done"
