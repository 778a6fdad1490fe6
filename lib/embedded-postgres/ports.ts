import { createServer } from 'node:net';

/** Asks the kernel for a free port; another process could take it before it is used. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error(`Could not find a free port on ${host}.`);
  }
  return address.port;
}

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

export async function assertPortFree(host: string, port: number): Promise<void> {
  const status = await portStatus(host, port);
  if (status === 'in use') {
    throw new Error(
      `Cannot start PostgreSQL on ${host}:${port}: the port is already in use ` +
        `(another PostgreSQL?). Stop that process or choose another port.`,
    );
  }
  if (status === 'not permitted') {
    throw new Error(
      `Cannot start PostgreSQL on ${host}:${port}: listening there is not permitted.`,
    );
  }
}
