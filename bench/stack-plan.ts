import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutExternalServers } from '../apps/launcher/launcher-env.js';
import { findFreePort, portStatus } from '../lib/embedded-postgres/ports.js';

/** The launcher's port variables; the benchmark gives each a free port of its own. */
const PORT_VARIABLES = [
  'API_PORT',
  'INVENTORY_PORT',
  'PAYMENT_PORT',
  'SHIPPING_PORT',
  'TEMPORAL_PORT',
  'TEMPORAL_UI_PORT',
  'POSTGRES_PORT',
  'WORKER_METRICS_PORT',
  'READ_MODEL_PORT',
  'KAFKA_PORT',
  'KAFKA_CONTROLLER_PORT',
] as const;

export type PortVariable = (typeof PORT_VARIABLES)[number];

/**
 * A data folder and free ports of the benchmark's own, so a developer's `npm start` (on .data
 * and the default ports) is left alone. The folder is on the same disk as the repository's
 * .data, so the dev server's SQLite file sees the same storage as under `npm start`.
 */
export interface StackPlan {
  dataDir: string;
  ports: Record<PortVariable, number>;
  /** The environment `npm start` would get, with the benchmark's folder and ports. */
  launcherEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
  /**
   * Gives a new free port to each planned one (but those in `keep`) that something took since
   * the plan was made, and names the variables it changed. The full stack starts minutes after
   * the plan, and meanwhile an ephemeral port of any connection may land on a planned port.
   */
  replaceTakenPorts: (keep: readonly PortVariable[]) => Promise<PortVariable[]>;
  remove: () => Promise<void>;
}

export async function planStack(): Promise<StackPlan> {
  const dataDir = await mkdtemp(join(tmpdir(), 'checkout-saga-bench-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as another user that must enter it
  const taken = new Set<number>();
  const freePort = async () => {
    let port = await findFreePort();
    while (taken.has(port)) port = await findFreePort();
    taken.add(port);
    return port;
  };
  const ports = {} as Record<PortVariable, number>;
  for (const variable of PORT_VARIABLES) ports[variable] = await freePort();
  const inherited = withoutExternalServers(process.env);
  return {
    dataDir,
    ports,
    launcherEnv: (extra = {}) => ({
      ...inherited,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      LAUNCHER_DATA_DIR: dataDir,
      ...extra,
    }),
    replaceTakenPorts: async (keep) => {
      const replaced: PortVariable[] = [];
      for (const variable of PORT_VARIABLES) {
        if (keep.includes(variable)) continue;
        if ((await portStatus('127.0.0.1', ports[variable])) === 'free') continue;
        ports[variable] = await freePort();
        replaced.push(variable);
      }
      return replaced;
    },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}
