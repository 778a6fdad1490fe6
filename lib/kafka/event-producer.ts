import { Producer, ProduceAcks, stringSerializers } from '@platformatic/kafka';
import { type BootstrapServers, parseBootstrapServers } from './bootstrap-servers.js';

export interface EventToPublish {
  topic: string;
  /** The partitioning key: the orderId, so that an order's events stay in order. */
  key: string;
  value: string;
  headers?: Record<string, string>;
}

export interface EventProducer {
  /** Resolves once every message is written to all in-sync replicas; rejects if any is not. */
  publish(messages: readonly EventToPublish[]): Promise<void>;
  /**
   * Gets the producer id and the topics' partition leaders now rather than on the first publish,
   * which otherwise pays for them (half a second or more on a fresh connection).
   */
  connect(topics: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface EventProducerOptions {
  bootstrapServers: BootstrapServers;
  clientId: string;
  /**
   * How many times a failed send is retried before `publish` rejects (default 10, 300 ms apart:
   * about 3 s). The caller (an outbox relay) then keeps its rows and tries again later, so a
   * broker that is down never blocks it for long.
   */
  retries?: number;
  retryDelayMs?: number;
  /** Per-request timeout in milliseconds (default 5000). */
  requestTimeoutMs?: number;
}

/**
 * An idempotent producer (acks from all in-sync replicas, one batch in flight per broker, with
 * sequence numbers): a send retried after a lost acknowledgement is not written twice.
 */
export function createEventProducer(options: EventProducerOptions): EventProducer {
  const producer = new Producer({
    clientId: options.clientId,
    bootstrapBrokers: parseBootstrapServers(options.bootstrapServers),
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    retries: options.retries ?? 10,
    retryDelay: options.retryDelayMs ?? 300,
    timeout: options.requestTimeoutMs ?? 5_000,
    autocreateTopics: false,
  });
  const send = async (messages: readonly EventToPublish[]): Promise<void> => {
    try {
      await producer.send({
        messages: messages.map(({ topic, key, value, headers }) => ({
          topic,
          key,
          value,
          ...(headers === undefined ? {} : { headers }),
        })),
      });
    } catch (error) {
      const topics = [...new Set(messages.map((message) => message.topic))].join(', ');
      throw new Error(
        `Publishing ${messages.length} message(s) to Kafka (${topics}) failed: ${describe(error)}`,
        { cause: error },
      );
    }
  };
  const coalesced = coalescePublishes(send);
  return {
    publish: coalesced,
    async connect(topics) {
      await producer.initIdempotentProducer({});
      await producer.metadata({ topics: [...topics] });
    },
    async close() {
      await producer.close();
    },
  };
}

interface PendingPublish {
  messages: readonly EventToPublish[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * An idempotent producer has one request in flight per broker, so publishes made while one is
 * being sent would each wait for a round trip of their own. Instead they queue, and everything
 * queued goes out as one send once the current one ends, in the order the publishes were made
 * (so per key too). A failed joint send is tried again one publish at a time, so a message that
 * cannot be written fails only its own publish.
 */
function coalescePublishes(
  send: (messages: readonly EventToPublish[]) => Promise<void>,
): (messages: readonly EventToPublish[]) => Promise<void> {
  const queue: PendingPublish[] = [];
  let sending = false;

  const sendEach = async (batch: PendingPublish[]) => {
    for (const pending of batch) {
      await send(pending.messages).then(pending.resolve, pending.reject);
    }
  };
  const drain = async () => {
    sending = true;
    while (queue.length > 0) {
      const batch = queue.splice(0);
      if (batch.length === 1) {
        await sendEach(batch);
        continue;
      }
      try {
        await send(batch.flatMap((pending) => pending.messages));
        for (const pending of batch) pending.resolve();
      } catch {
        await sendEach(batch);
      }
    }
    sending = false;
  };

  return (messages) => {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      queue.push({ messages, resolve, reject });
      if (!sending) void drain();
    });
  };
}

/** The library's errors often wrap the broker's answer: show both. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const causes = error instanceof AggregateError ? (error.errors as unknown[]) : [];
  const details = causes
    .filter((cause): cause is Error => cause instanceof Error)
    .map((cause) => cause.message);
  return [error.message, ...new Set(details)].join('; ');
}
