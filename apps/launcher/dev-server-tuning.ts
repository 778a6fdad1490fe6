/**
 * The Temporal dev server's settings for a development machine. Each was measured with
 * `npm run bench` (docs/benchmarks.md); docs/running-locally.md explains them for users.
 *
 * SQLite, where an order spent most of its time on writes:
 * - journal_mode=wal: commits append to a write-ahead log; readers no longer block the writer.
 * - synchronous=normal: with WAL, fsync at checkpoints rather than at every commit. A crash of
 *   the process loses nothing; a power loss may lose the last commits. Production keeps its
 *   history in PostgreSQL (compose) or another database, where none of this applies.
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;

/**
 * Dynamic config, also given to the in-memory dev servers of the tests:
 * - enableActivityEagerExecution: a workflow task that schedules an activity may get it back in
 *   its completion's answer, so the worker starts it without a round trip through the task
 *   queue. compose's dynamic config turns it on too.
 * - transferProcessorMaxPollRPS: the history service reads new transfer tasks (the ones that hand
 *   a workflow task to matching) at most this often per shard, 20 times a second by default. The
 *   dev server has a single shard, so an order's workflow tasks queued behind that limit: 20 to
 *   37 ms each from the third on, a third of a lone order's time. 100 reads a second cost a lone
 *   order as little as 1000 did (2 to 3 ms a task), while under load each read still takes
 *   several tasks at once. A cluster spreads its orders over hundreds of shards, each with its
 *   own limit.
 * - numTaskqueue{Read,Write}Partitions=1: partitions spread a task queue over matching hosts;
 *   the dev server is one process, where a task and a waiting poll on different partitions only
 *   wait for the forwarding between them.
 * - TaskQueueInfoByBuildIdTTL: how long the server caches a task queue's stats (5 s by default).
 *   The API reads the checkout's backlog age every half second to decide whether POST /orders
 *   waits for the reservation and whether it takes new orders at all; a reading up to 5 s old
 *   kept refusing orders (or taking them) for seconds after the backlog had changed.
 */
export const DEV_SERVER_DYNAMIC_CONFIG = {
  'system.enableActivityEagerExecution': true,
  'history.transferProcessorMaxPollRPS': 100,
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  'matching.TaskQueueInfoByBuildIdTTL': '500ms',
} as const;

/** The dynamic config as the CLI's `--dynamic-config-value KEY=JSON` flags. */
export function dynamicConfigFlags(values: Record<string, boolean | number | string>): string[] {
  return Object.entries(values).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

/** Every tuning flag of `npm start`'s dev server, each followed by its value. */
export const DEV_SERVER_TUNING: readonly string[] = [
  ...DEV_SERVER_SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
  ...dynamicConfigFlags(DEV_SERVER_DYNAMIC_CONFIG),
];
