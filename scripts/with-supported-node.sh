#!/usr/bin/env bash
# Runs a command on a Node.js that package.json's `engines.node` accepts: the machine's `node` when
# it is recent enough, otherwise the Node.js LTS that scripts/ci/node-lts.sh installs from the npm
# registry into the cache folder (once; later runs reuse it). `npm start`, `npm test`, `npm run
# bench`, `npm run soak` and `npm run token` go through here, so a machine whose node is older
# still runs them.
#
#   bash scripts/with-supported-node.sh [--build] [--quiet] <command> [args...]
#
# --build runs `npm run build` first, on the same Node.js; --quiet says nothing about the choice.
# The command runs with that Node.js first on PATH, so the processes it starts use it too.
set -euo pipefail
cd "$(dirname "$0")/.."

build=false
quiet=false
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=true; shift ;;
    --quiet) quiet=true; shift ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: bash scripts/with-supported-node.sh [--build] [--quiet] <command> [args...]" >&2
  exit 2
fi

# engines.node is a single lower bound (">=X.Y.Z"); any node can compare versions that simple.
supported() {
  "$1" -e '
    const range = require("./package.json").engines.node;
    const bound = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range);
    if (!bound) { console.error(`with-supported-node.sh: engines.node must be ">=X.Y.Z", not "${range}"`); process.exit(2); }
    const have = process.versions.node.split(".").map(Number);
    const need = bound.slice(1).map(Number);
    const order = have[0] - need[0] || have[1] - need[1] || have[2] - need[2];
    process.exit(order >= 0 ? 0 : 1);
  '
}

status=0
if command -v node >/dev/null 2>&1; then supported node || status=$?; else status=1; fi
if [ "$status" -eq 2 ]; then exit 2; fi
if [ "$status" -ne 0 ]; then
  lts_bin="$(bash scripts/ci/node-lts.sh)"
  if [ "$quiet" = false ]; then
    echo "node $(node --version 2>/dev/null || echo '(none)') is older than package.json's engines;" \
      "running on Node.js $("$lts_bin/node" --version) from the npm registry ($lts_bin)" >&2
  fi
  export PATH="$lts_bin:$PATH"
fi

if [ "$build" = true ]; then npm run --silent build; fi
exec "$@"
