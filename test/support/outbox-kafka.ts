import { randomUUID } from 'node:crypto';
import { createEventConsumer, type ConsumedMessage } from '../../lib/kafka/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { eventually, IN_PROCESS } from './participants.js';

/** Every message of the topics, from their beginning, as a consumer of its own group reads them. */
export interface TopicReader {
  messages: ConsumedMessage[];
  /** The messages once `done` holds for them (or the timeout passed). */
  until(
    done: (messages: ConsumedMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<ConsumedMessage[]>;
  close(): Promise<void>;
}

export async function readTopics(
  bootstrapServers: string,
  topics: readonly string[],
): Promise<TopicReader> {
  const messages: ConsumedMessage[] = [];
  const consumer = createEventConsumer({
    bootstrapServers,
    clientId: 'outbox-test-reader',
    groupId: `outbox-test-${randomUUID()}`,
    topics,
    fromBeginning: true,
    logger: createLogger('outbox-test-reader', IN_PROCESS.logLevel),
  });
  await consumer.run((batch) => {
    messages.push(...batch);
    return Promise.resolve();
  });
  return {
    messages,
    until: (done, timeoutMs = 30_000) =>
      eventually(() => Promise.resolve([...messages]), done, { timeoutMs, intervalMs: 50 }),
    close: () => consumer.close(),
  };
}

/** The broker of the test run (the global setup starts it). */
export function testKafkaServers(): string {
  const servers = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (!servers)
    throw new Error('KAFKA_BOOTSTRAP_SERVERS is not set; run the tests with `npm test`.');
  return servers;
}
