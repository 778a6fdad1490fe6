#!/bin/sh
# Creates the namespace the application uses (when missing) and registers the checkout workflow's
# custom search attributes, read from search-attributes.txt (NAME=TYPE lines; `#` starts a
# comment). docker-compose.yml runs it in the temporalio/admin-tools image once the server is up;
# the api and the worker start only after it succeeded, so their first workflow never meets a
# missing namespace or an unknown search attribute. Safe to run again: an existing namespace is
# kept as it is, and registering an attribute that already exists with the same type changes
# nothing. An attribute that exists with another type stops the script, since silently keeping the
# old type would break the workflow's upserts.
#
# Environment: TEMPORAL_ADDRESS (host:port of the frontend), TEMPORAL_NAMESPACE,
# NAMESPACE_RETENTION (how long closed workflows stay visible, e.g. 168h), SEARCH_ATTRIBUTES_FILE.
set -eu

: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS (host:port)}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${NAMESPACE_RETENTION:-168h}"
ATTRIBUTES_FILE="${SEARCH_ATTRIBUTES_FILE:-$(dirname "$0")/search-attributes.txt}"
# How long to wait for the server: SETUP_ATTEMPTS tries, SETUP_DELAY_SECONDS apart.
ATTEMPTS="${SETUP_ATTEMPTS:-60}"
DELAY="${SETUP_DELAY_SECONDS:-2}"
set -f # the attribute list below is split on whitespace; never expand it as file names

log() {
  echo "setup-namespace: $*"
}

# retry ATTEMPTS DESCRIPTION COMMAND...: runs COMMAND until it succeeds or the attempts run out.
retry() {
  limit=$1
  description=$2
  shift 2
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$limit" ]; then
      log "gave up after $limit attempts: $description" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep "$DELAY"
  done
}

cli() {
  temporal --address "$TEMPORAL_ADDRESS" "$@"
}

namespace_exists() {
  cli operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1
}

# Creating fails when another run created the namespace a moment ago; describing then succeeds.
ensure_namespace() {
  namespace_exists || cli operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" ||
    namespace_exists
}

[ -r "$ATTRIBUTES_FILE" ] || {
  log "cannot read $ATTRIBUTES_FILE" >&2
  exit 1
}

# The frontend's port opens before the cluster can serve requests; health covers both.
retry "$ATTEMPTS" "cluster health at $TEMPORAL_ADDRESS" cli operator cluster health >/dev/null
if namespace_exists; then
  log "namespace $NAMESPACE exists"
else
  retry "$ATTEMPTS" "create namespace $NAMESPACE" ensure_namespace
  log "namespace $NAMESPACE created (retention $RETENTION)"
fi

# Strip comments, carriage returns and blanks first, so that a failed registration ends the
# script (a loop fed by a pipe would run in a subshell, where `exit` stops only the loop).
attributes=$(sed -e 's/#.*//' -e 's/\r$//' -e 's/[[:space:]]//g' -e '/^$/d' "$ATTRIBUTES_FILE")
for line in $attributes; do
  name=${line%%=*}
  type=${line#*=}
  if [ -z "$name" ] || [ "$name" = "$line" ] || [ -z "$type" ]; then
    log "not a NAME=TYPE line in $ATTRIBUTES_FILE: $line" >&2
    exit 1
  fi
  # A few attempts only: a just-created namespace may take a moment to reach every frontend,
  # while a type conflict fails the same way every time.
  retry 5 "register search attribute $name ($type)" \
    cli operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type"
  log "search attribute $name ($type) registered"
done

# Custom search attributes are aliases stored on the namespace; give the servers' namespace cache
# (refreshed every 2 seconds) time to see them before the applications start.
sleep 3
log "done"
