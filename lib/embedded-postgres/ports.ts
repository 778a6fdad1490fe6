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

export async function assertPortFree(host: string, port: number): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `Cannot start PostgreSQL on ${host}:${port}: the port is already in use ` +
          `(another PostgreSQL?). Stop that process or choose another port.`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
