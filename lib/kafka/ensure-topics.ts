import { Admin, findErrorBy } from '@platformatic/kafka';
import { type BootstrapServers, parseBootstrapServers } from './bootstrap-servers.js';

const LEADERS_TIMEOUT_MS = 30_000;
const LEADERS_POLL_MS = 100;

/**
 * Creates the topics that do not exist yet (an existing topic is left as it is, whatever its
 * partition count), then waits until every partition of every topic has a leader, so that a
 * producer or consumer started right after finds them ready. The replication factor is the
 * cluster's default.
 */
export async function ensureTopics(
  bootstrapServers: BootstrapServers,
  topics: readonly string[],
  partitions = 3,
): Promise<void> {
  const admin = new Admin({
    clientId: 'checkout-saga-topics',
    bootstrapBrokers: parseBootstrapServers(bootstrapServers),
  });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await createTopics(admin, missing, partitions);
    }
    await waitForLeaders(admin, topics);
  } finally {
    await admin.close();
  }
}

async function createTopics(admin: Admin, topics: string[], partitions: number): Promise<void> {
  try {
    await admin.createTopics({ topics, partitions, replicas: -1 });
  } catch (error) {
    // Another process created some of them at the same moment: what matters is that they exist.
    if (!onlyAlreadyExists(error)) throw error;
  }
}

function onlyAlreadyExists(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const causes = error instanceof AggregateError ? (error.errors as unknown[]) : [error];
  return (
    causes.length > 0 &&
    causes.every(
      (cause) =>
        cause instanceof Error && findErrorBy(cause, 'apiId', 'TOPIC_ALREADY_EXISTS') !== null,
    )
  );
}

async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  let lastProblem = 'no metadata yet';
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.metadata({ topics: [...topics], forceUpdate: true });
      const leaderless = topics.filter((topic) => {
        const partitions = metadata.topics.get(topic)?.partitions ?? [];
        return partitions.length === 0 || partitions.some((partition) => partition.leader < 0);
      });
      if (leaderless.length === 0) return;
      lastProblem = `no leader yet for ${leaderless.join(', ')}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, LEADERS_POLL_MS));
  }
  throw new Error(`Kafka topics ${topics.join(', ')} not ready after 30 s: ${lastProblem}`);
}
