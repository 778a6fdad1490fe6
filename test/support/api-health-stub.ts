import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthStub {
  url: string;
  /** Stops answering: the service is down from then on. */
  close(): Promise<void>;
}

/** Stands in for a participant service where only its GET /health matters. */
export async function startHealthStub(): Promise<HealthStub> {
  const server = createServer((request, response) => {
    const healthy = request.method === 'GET' && request.url === '/health';
    response.writeHead(healthy ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(healthy ? { status: 'ok' } : { status: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      })),
  };
}
