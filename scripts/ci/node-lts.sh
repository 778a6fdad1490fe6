#!/usr/bin/env bash
# Prints the bin folder of the Node.js LTS the test suite runs on, installing it first if needed.
# The npm registry serves the official Node builds as packages (node-<os>-<arch>), so this needs
# no download outside the registry; it is cached beside the Temporal binaries.
set -euo pipefail

version="${NODE_LTS_VERSION:-26.12.1}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node-lts.sh: no Node.js package for $(uname -m)" >&2; exit 1 ;;
esac
package="node-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch"
dir="${CHECKOUT_SAGA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/checkout-saga}/node/$version"
bin="$dir/node_modules/$package/bin"

if [ ! -x "$bin/node" ]; then
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund \
    "$package@$version" >&2
fi
echo "$bin"
