// What `npm start` does with the variables of docs/configuration.md, and the variables read
// outside the processes' zod schemas (tooling, tests, docker-compose.yml). The launcher's
// ProcessSpecs is the truth; test/unit/config-reference.test.ts checks this table against it.
import type { ExtraVariable } from '../lib/config/env-reference.js';

const FROM_PORTS = 'set from the launcher’s `*_PORT`';
const GENERATED = 'generated in the data folder unless set';
const UNLESS_SET = 'set unless set';

/** The variables the launcher sets or overrides for the processes it starts. */
export const UNDER_NPM_START: Readonly<Record<string, string>> = {
  PORT: 'set from `API_PORT`, `INVENTORY_PORT`, …, `READ_MODEL_PORT`; `PORT` itself is ignored',
  HOST: 'set to `127.0.0.1` for the services and the read model',
  DATABASE_URL:
    'set: the embedded PostgreSQL, or `POSTGRES_URL` / `*_DATABASE_URL`; `DATABASE_URL` itself is ignored',
  TEMPORAL_ADDRESS:
    'set for api and worker: the dev server on `TEMPORAL_PORT`, or the launcher’s `TEMPORAL_ADDRESS` (an external Temporal)',
  INVENTORY_URL: FROM_PORTS,
  PAYMENT_URL: FROM_PORTS,
  SHIPPING_URL: FROM_PORTS,
  PAYLOAD_ENCRYPTION_KEYS: GENERATED,
  PAYMENT_WEBHOOK_SECRET: GENERATED,
  AUTH_PUBLIC_KEY: 'the generated key, unless `AUTH_JWKS_URL` or `AUTH_PUBLIC_KEY` is set',
  AUTH_ISSUER: UNLESS_SET,
  AUTH_AUDIENCE: UNLESS_SET,
  CODEC_CORS_ORIGINS: 'set to the dev server’s Web UI unless set',
  PAYMENT_WEBHOOK_URL: 'set to the API’s `/webhooks/payment` unless set',
  PAYMENT_PUBLIC_URL: UNLESS_SET,
  KAFKA_BOOTSTRAP_SERVERS:
    'set: the embedded broker on `KAFKA_PORT`, or the launcher’s `KAFKA_BOOTSTRAP_SERVERS` (an external cluster)',
  READ_MODEL_URL: 'set from `READ_MODEL_PORT`',
  WORKER_METRICS_PORT: 'the launcher’s own, passed to the worker',
  WORKER_SHUTDOWN_GRACE_SECONDS: 'the launcher’s own, passed to the worker',
  WORKFLOW_BUNDLE_PATH: 'set to `dist/workflow-bundle.js` unless set',
  TEMPORAL_CLI_PATH: 'read by the launcher',
  CHECKOUT_SAGA_CACHE_DIR: 'read by the launcher',
  NODE_LTS_VERSION: 'read by `npm start`',
};

/** Variables no process schema declares, each with who reads it. */
export const EXTRA_VARIABLES: readonly ExtraVariable[] = [
  {
    name: 'TEMPORAL_CLI_PATH',
    readBy: 'launcher, tests, bench',
    meaning:
      'A Temporal CLI binary (dev server and Web UI); unset looks on PATH, in the cache, then builds it with Go or lets the SDK download it.',
  },
  {
    name: 'TEMPORAL_TEST_SERVER_PATH',
    readBy: 'tests',
    meaning:
      'The time-skipping test server binary of the workflow tests; unset uses the cache, then Maven (`io.temporal:temporal-test-server`), then the SDK’s download.',
  },
  {
    name: 'TEMPORAL_SERVER_DIR',
    readBy: 'tests',
    meaning:
      'A folder with `bin/temporal-server` and `bin/temporal-sql-tool` for the native production-server test; unset builds them from the Go module proxy into the cache.',
  },
  {
    name: 'PROMTOOL_PATH',
    readBy: 'tests',
    meaning:
      'A promtool binary for the alert-rule tests; unset builds it from the Go module proxy into the cache.',
  },
  {
    name: 'CHECKOUT_SAGA_CACHE_DIR',
    defaultValue: '~/.cache/checkout-saga',
    readBy: 'launcher, tests, scripts',
    meaning:
      'Cache of the binaries built or downloaded once (Temporal CLI, test server, promtool, Node.js LTS, schemathesis), outside the clone; `$XDG_CACHE_HOME/checkout-saga` when that is set.',
  },
  {
    name: 'NODE_LTS_VERSION',
    defaultValue: '26.12.1',
    readBy: 'scripts/ci/node-lts.sh',
    meaning:
      'The Node.js LTS installed from the npm registry when the machine’s node is older than package.json’s engines.',
  },
  {
    name: 'POSTGRES_USER',
    defaultValue: 'checkout',
    readBy: 'docker-compose.yml',
    meaning:
      'User of the compose PostgreSQL, for Temporal and the services; URL-safe characters only (it goes into `DATABASE_URL`).',
  },
  {
    name: 'POSTGRES_PASSWORD',
    defaultValue: 'checkout',
    readBy: 'docker-compose.yml',
    meaning:
      'Password of `POSTGRES_USER`; URL-safe characters only. Change it outside development.',
  },
  {
    name: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    readBy: 'every process',
    meaning:
      'Where traces go over OTLP; unset, tracing stays off. The other standard `OTEL_*` variables apply ([observability.md](observability.md)).',
  },
];
