import { findFreePort } from '../../lib/embedded-postgres/ports.js';

/**
 * The variables that set every port `npm start` listens on. A stack of its own (e2e tests, the
 * benchmark, the soak, the UI check) gives each a free port, so it leaves a running `npm start`
 * alone.
 */
export const LAUNCHER_PORT_VARIABLES = [
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

export type LauncherPortVariable = (typeof LAUNCHER_PORT_VARIABLES)[number];

export type LauncherPorts = Record<LauncherPortVariable, number>;

/** A free port for each variable, no two the same, nor any in `taken` (which gets them). */
export async function freeLauncherPorts(taken = new Set<number>()): Promise<LauncherPorts> {
  const ports = {} as LauncherPorts;
  for (const variable of LAUNCHER_PORT_VARIABLES) ports[variable] = await freePortOutside(taken);
  return ports;
}

/** A free port not in `taken`, which gets it. */
export async function freePortOutside(taken: Set<number>): Promise<number> {
  let port = await findFreePort();
  while (taken.has(port)) port = await findFreePort();
  taken.add(port);
  return port;
}

/** The ports as the environment variables the launcher reads. */
export function launcherPortEnv(ports: LauncherPorts): Record<LauncherPortVariable, string> {
  return Object.fromEntries(
    LAUNCHER_PORT_VARIABLES.map((variable) => [variable, String(ports[variable])]),
  ) as Record<LauncherPortVariable, string>;
}
