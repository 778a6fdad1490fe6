import { afterEach, describe, expect, it } from '@jest/globals';
import {
  createEventConsumer,
  createEventProducer,
  ensureTopics,
  type ConsumedMessage,
  type EventConsumer,
  type EventProducer,
} from '../../lib/kafka/index.js';
import { createLogger } from '../../lib/logging/index.js';
import { kafkaBootstrapServers, readTopic, uniqueGroupId, uniqueTopic } from '../support/kafka.js';

const quiet = createLogger('kafka-client-test', 'silent');
const open: (EventProducer | EventConsumer)[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

function producer(): EventProducer {
  const created = createEventProducer({
    bootstrapServers: kafkaBootstrapServers(),
    clientId: 'kafka-client-test',
  });
  open.push(created);
  return created;
}

function consumer(topics: string[], groupId = uniqueGroupId()): EventConsumer {
  const created = createEventConsumer({
    bootstrapServers: kafkaBootstrapServers(),
    clientId: 'kafka-client-test',
    groupId,
    topics,
    fromBeginning: true,
    logger: quiet,
  });
  open.push(created);
  return created;
}

async function newTopic(): Promise<string> {
  const topic = uniqueTopic('kafka-client');
  await ensureTopics(kafkaBootstrapServers(), [topic], 3);
  return topic;
}

/** Resolves once `received` holds `count` messages. */
function collector(count: number) {
  const received: ConsumedMessage[] = [];
  let done: () => void = () => undefined;
  const complete = new Promise<void>((resolve) => {
    done = resolve;
  });
  return {
    received,
    complete,
    handle: (messages: ConsumedMessage[]) => {
      received.push(...messages);
      if (received.length >= count) done();
      return Promise.resolve();
    },
  };
}

function keyedMessages(topic: string, keys: string[], perKey: number) {
  return keys.flatMap((key) =>
    Array.from({ length: perKey }, (_, index) => ({ topic, key, value: `${key}#${index}` })),
  );
}

function valuesOf(messages: ConsumedMessage[], key: string): string[] {
  return messages.filter((message) => message.key === key).map((message) => message.value);
}

describe('the Kafka client against the real broker', () => {
  it('delivers what the producer published: keys, values and headers, one key in order', async () => {
    const topic = await newTopic();
    const published = keyedMessages(topic, ['order-a', 'order-b', 'order-c'], 5);
    await producer().publish([
      { topic, key: 'order-h', value: '{"with":"headers"}', headers: { 'ce-type': 'x.y' } },
      ...published,
    ]);

    const { received, complete, handle } = collector(published.length + 1);
    await consumer([topic]).run(handle);
    await complete;

    expect(received).toHaveLength(published.length + 1);
    expect(received.find((message) => message.key === 'order-h')).toMatchObject({
      topic,
      value: '{"with":"headers"}',
      headers: { 'ce-type': 'x.y' },
    });
    for (const key of ['order-a', 'order-b', 'order-c']) {
      expect(valuesOf(received, key)).toEqual([0, 1, 2, 3, 4].map((index) => `${key}#${index}`));
      const partitions = new Set(received.filter((m) => m.key === key).map((m) => m.partition));
      expect(partitions.size).toBe(1);
    }
  });

  it('writes each message exactly once, in order per key, when publishes overlap', async () => {
    const topic = await newTopic();
    const events = producer();
    const keys = Array.from({ length: 8 }, (_, index) => `order-${index}`);
    // One publish per key and round, all in flight together.
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        keys.map((key) => events.publish([{ topic, key, value: `${key}#${round}` }])),
      );
    }

    const stored = await readTopic(topic);
    expect(stored).toHaveLength(keys.length * 5);
    for (const key of keys) {
      expect(valuesOf(stored, key)).toEqual([0, 1, 2, 3, 4].map((round) => `${key}#${round}`));
    }
  });

  it('refuses to publish to a topic that does not exist, naming it', async () => {
    const missing = uniqueTopic('missing');
    await expect(
      producer().publish([{ topic: missing, key: 'order-1', value: '{}' }]),
    ).rejects.toThrow(missing);
  });

  it('fails only the publish that cannot be written when publishes overlap', async () => {
    const topic = await newTopic();
    const missing = uniqueTopic('missing');
    const events = producer();
    await events.connect([topic]);

    const outcomes = await Promise.allSettled([
      events.publish([{ topic, key: 'order-1', value: 'first' }]),
      events.publish([{ topic: missing, key: 'order-2', value: '{}' }]),
      events.publish([{ topic, key: 'order-1', value: 'second' }]),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain(missing);
    expect(valuesOf(await readTopic(topic), 'order-1')).toEqual(['first', 'second']);
  });

  it('commits only after the batch handler resolves: a failed batch is handed over again', async () => {
    const topic = await newTopic();
    await producer().publish(keyedMessages(topic, ['order-1', 'order-2'], 3));

    let attempts = 0;
    const { received, complete, handle } = collector(6);
    await consumer([topic]).run(async (messages) => {
      attempts += 1;
      if (attempts === 1) throw new Error('the projection database is down');
      await handle(messages);
    });
    await complete;

    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(received.map((message) => message.value).sort()).toEqual(
      keyedMessages(topic, ['order-1', 'order-2'], 3)
        .map((message) => message.value)
        .sort(),
    );
  });

  it('hands uncommitted messages to the next member of the group after a consumer stops', async () => {
    const topic = await newTopic();
    const groupId = uniqueGroupId();
    await producer().publish(keyedMessages(topic, ['order-1', 'order-2', 'order-3'], 2));

    // The first member never finishes a batch: nothing is committed.
    const seenByFirst: ConsumedMessage[] = [];
    const first = consumer([topic], groupId);
    await first.run((messages) => {
      seenByFirst.push(...messages);
      return Promise.reject(new Error('crashes before committing'));
    });
    await eventually(() => seenByFirst.length > 0);
    await first.close();

    const second = collector(6);
    await consumer([topic], groupId).run(second.handle);
    await second.complete;
    expect(second.received).toHaveLength(6);
  });

  it('resumes after the committed offsets: a restarted group skips what it handled', async () => {
    const topic = await newTopic();
    const groupId = uniqueGroupId();
    const events = producer();
    await events.publish(keyedMessages(topic, ['order-1'], 3));

    const first = collector(3);
    const firstConsumer = consumer([topic], groupId);
    await firstConsumer.run(first.handle);
    await first.complete;
    await firstConsumer.close();

    await events.publish([{ topic, key: 'order-1', value: 'after the restart' }]);
    const second = collector(1);
    await consumer([topic], groupId).run(second.handle);
    await second.complete;
    // Give a wrongly replayed message the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(second.received.map((message) => message.value)).toEqual(['after the restart']);
  });

  it('reports the lag: every message before the group handles any, none after', async () => {
    const topic = await newTopic();
    await producer().publish(keyedMessages(topic, ['order-1', 'order-2', 'order-3'], 4));

    const events = consumer([topic]);
    expect(await events.lag()).toBe(12);

    const { complete, handle } = collector(12);
    await events.run(handle);
    await complete;
    await eventually(async () => (await events.lag()) === 0);
  });
});

async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not true after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
