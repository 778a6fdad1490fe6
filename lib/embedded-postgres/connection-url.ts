export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** `postgres://user:password@host:port`, plus `/<database>` when one is given. */
export function connectionUrl(server: ServerAddress, database?: string): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  const credentials = `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}`;
  const base = `postgres://${credentials}@${host}:${server.port}`;
  return database === undefined ? base : `${base}/${encodeURIComponent(database)}`;
}
