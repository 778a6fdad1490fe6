// The embedded PostgreSQL as a process of its own, started by the launcher with an IPC channel:
// `node dist/apps/launcher/postgres-main.js --data-dir <dir> --port <port> --database <name>…`.
// It reports `ready` with the server URL, stops the server on `stop`, and also when the
// launcher goes away (the channel closes), so it never outlives it.
import { parseArgs } from 'node:util';
import { startEmbeddedPostgres } from '../../lib/embedded-postgres/index.js';
import { isStopPostgres, type PostgresReady } from './postgres-protocol.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    database: { type: 'string', multiple: true, default: [] },
  },
});

const log = (line: string) => process.stdout.write(`[postgres-host] ${line}\n`);

try {
  const dataDir = values['data-dir'];
  const port = Number.parseInt(values.port ?? '', 10);
  if (dataDir === undefined || !Number.isInteger(port)) {
    throw new Error('usage: postgres-main --data-dir <dir> --port <port> [--database <name>]…');
  }
  const server = await startEmbeddedPostgres({
    dataDir,
    port,
    databases: values.database,
    log,
    serverOutput: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  });
  log(`PostgreSQL ready on ${server.host}:${server.port}, data in ${server.dataDir}`);

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`Stopping PostgreSQL: ${why}`);
    await server.stop();
    log('PostgreSQL stopped');
    process.exit(0);
  };
  process.on('message', (message: unknown) => {
    if (isStopPostgres(message)) void stop('the launcher asked');
  });
  process.on('disconnect', () => void stop('the launcher has gone'));
  if (!process.connected) void stop('the launcher has gone');
  const ready: PostgresReady = { type: 'ready', serverUrl: server.serverUrl };
  process.send?.(ready);
} catch (error) {
  log(`PostgreSQL could not start: ${error instanceof Error ? error.message : String(error)}`);
  // Exit explicitly: embedded-postgres's exit hook would turn a natural exit into code 0.
  process.exit(1);
}
