import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutExternalServers } from '../apps/launcher/launcher-env.js';
import {
  freeLauncherPorts,
  freePortOutside,
  LAUNCHER_PORT_VARIABLES,
  launcherPortEnv,
  type LauncherPortVariable,
} from '../apps/launcher/launcher-ports.js';
import { portStatus } from '../lib/embedded-postgres/ports.js';

export type PortVariable = LauncherPortVariable;

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
  const ports = await freeLauncherPorts(taken);
  const inherited = withoutExternalServers(process.env);
  return {
    dataDir,
    ports,
    launcherEnv: (extra = {}) => ({
      ...inherited,
      ...launcherPortEnv(ports),
      LAUNCHER_DATA_DIR: dataDir,
      ...extra,
    }),
    replaceTakenPorts: async (keep) => {
      const replaced: PortVariable[] = [];
      for (const variable of LAUNCHER_PORT_VARIABLES) {
        if (keep.includes(variable)) continue;
        if ((await portStatus('127.0.0.1', ports[variable])) === 'free') continue;
        ports[variable] = await freePortOutside(taken);
        replaced.push(variable);
      }
      return replaced;
    },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}
