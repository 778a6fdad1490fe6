import { Connection } from '@temporalio/client';
import { connectionOptions, type TemporalConfig } from '../../lib/temporal/index.js';
import { SEARCH_ATTRIBUTE_TYPES, type SearchAttributeDefinition } from './search-attributes.js';

/** One connection for the launcher's checks; closed once everything has started. */
export async function connectTemporal(config: TemporalConfig): Promise<Connection> {
  return Connection.connect({ ...(await connectionOptions(config)), connectTimeout: '5s' });
}

/** The frontend answers and the namespace exists. */
export async function namespaceReady(connection: Connection, namespace: string): Promise<boolean> {
  await connection.withDeadline(Date.now() + 3000, () =>
    connection.workflowService.describeNamespace({ namespace }),
  );
  return true;
}

/**
 * The worker with this process id polls the task queue. The SDK names a worker
 * `<pid>@<host>`, so a poller left over from an earlier run does not count.
 */
export async function workerPolling(
  connection: Connection,
  config: TemporalConfig,
  pid: number,
): Promise<boolean> {
  const { pollers } = await connection.withDeadline(Date.now() + 3000, () =>
    connection.workflowService.describeTaskQueue({
      namespace: config.namespace,
      taskQueue: { name: config.taskQueue },
    }),
  );
  return pollers.some((poller) => poller.identity?.startsWith(`${pid}@`) === true);
}

/**
 * The search attributes the namespace lacks. The dev server registers its --search-attribute
 * flags only when it creates its database, so with `create` the missing ones are added (an
 * older data folder then gains the ones added to the file since).
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  wanted: readonly SearchAttributeDefinition[],
  { create }: { create: boolean },
): Promise<{ added: string[]; missing: string[] }> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = wanted.filter(({ name }) => !(name in customAttributes));
  if (missing.length === 0 || !create) {
    return { added: [], missing: missing.map(({ name }) => name) };
  }
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map(({ name, type }) => [name, SEARCH_ATTRIBUTE_TYPES[type]]),
    ),
  });
  return { added: missing.map(({ name }) => name), missing: [] };
}
