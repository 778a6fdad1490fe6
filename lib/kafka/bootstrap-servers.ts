/** One broker address, `host:port`; IPv6 hosts in brackets (`[::1]:9092`). */
const BROKER_ADDRESS = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

export type BootstrapServers = string | readonly string[];

/**
 * `KAFKA_BOOTSTRAP_SERVERS` as a list: comma-separated `host:port` entries, blanks ignored.
 * Throws an error naming the first entry that is not an address.
 */
export function parseBootstrapServers(servers: BootstrapServers): string[] {
  const entries = (typeof servers === 'string' ? servers.split(',') : [...servers])
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new Error('Kafka bootstrap servers: expected at least one host:port, got none');
  }
  for (const entry of entries) {
    const port = BROKER_ADDRESS.exec(entry)?.[2];
    if (port === undefined || Number(port) < 1 || Number(port) > 65535) {
      throw new Error(`Kafka bootstrap servers: "${entry}" is not a host:port address`);
    }
  }
  return entries;
}
