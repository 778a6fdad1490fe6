import { createServer } from 'node:net';
import type { PlannedPort } from './launcher-env.js';

export type PortStatus = 'free' | 'in use' | 'not permitted';

/** Tries to listen on the port, the way the process that will own it does. */
export async function portStatus(host: string, port: number): Promise<PortStatus> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, resolve);
    });
    return 'free';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return 'in use';
    if (code === 'EACCES') return 'not permitted';
    throw error;
  } finally {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
}

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
