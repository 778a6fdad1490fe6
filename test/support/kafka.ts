// The test run's Kafka broker (started once by global-setup.ts) and helpers to read its topics.
import { randomUUID } from 'node:crypto';
import { Consumer } from '@platformatic/kafka';
import { parseBootstrapServers, type ConsumedMessage } from '../../lib/kafka/index.js';
import { textDeserializers, toConsumedMessage } from '../../lib/kafka/consumed-message.js';

/** The broker of this test run (global setup exports it), or the external one it names. */
export function kafkaBootstrapServers(): string {
  const servers = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (!servers) {
    throw new Error('KAFKA_BOOTSTRAP_SERVERS is not set: run the tests with `npm test`.');
  }
  return servers;
}

/** A consumer group no other test uses, so it starts from its own position. */
export function uniqueGroupId(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** A topic name no other test uses (create it with ensureTopics). */
export function uniqueTopic(prefix = 'test'): string {
  return `${prefix}.${randomUUID()}`;
}

export interface ReadTopicOptions {
  /** Only the messages with this key (an orderId); all of them when unset. */
  key?: string;
  timeoutMs?: number;
}

/**
 * Every message in the topic right now (with the key, if given), in partition and offset order:
 * reads each partition from its start up to its end as it was when called.
 */
export async function readTopic(
  topic: string,
  { key, timeoutMs = 15_000 }: ReadTopicOptions = {},
): Promise<ConsumedMessage[]> {
  const consumer = new Consumer({
    clientId: 'checkout-saga-test-reader',
    groupId: uniqueGroupId('test-reader'),
    bootstrapBrokers: parseBootstrapServers(kafkaBootstrapServers()),
    deserializers: textDeserializers,
    autocommit: false,
    maxWaitTime: 200,
  });
  try {
    const [starts, ends] = await Promise.all([
      consumer.listOffsets({ topics: [topic], timestamp: -2n }),
      consumer.listOffsets({ topics: [topic], timestamp: -1n }),
    ]);
    const pending = new Map<number, bigint>();
    (ends.get(topic) ?? []).forEach((end, partition) => {
      if (end > (starts.get(topic)?.[partition] ?? 0n)) pending.set(partition, end);
    });
    const messages: ConsumedMessage[] = [];
    if (pending.size === 0) return messages;

    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    const timer = setTimeout(() => {
      stream.destroy(new Error(`Reading ${topic} took more than ${timeoutMs / 1000} s`));
    }, timeoutMs);
    try {
      for await (const message of stream) {
        const end = pending.get(message.partition);
        if (end === undefined || message.offset >= end) continue;
        if (key === undefined || message.key === key) messages.push(toConsumedMessage(message));
        if (message.offset + 1n >= end) pending.delete(message.partition);
        if (pending.size === 0) break;
      }
    } finally {
      clearTimeout(timer);
      await stream.close().catch(() => undefined);
    }
    return messages.sort((a, b) =>
      a.partition !== b.partition ? a.partition - b.partition : Number(a.offset - b.offset),
    );
  } finally {
    await consumer.close(true);
  }
}

/**
 * Reads the topic again and again until it holds at least `count` messages with the key; the
 * events of an order reach Kafka a little after its effects (outbox relays, workflow activities).
 */
export async function waitForTopicMessages(
  topic: string,
  key: string,
  count: number,
  timeoutMs = 15_000,
): Promise<ConsumedMessage[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await readTopic(topic, { key, timeoutMs });
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
