import { Consumer, type MessagesStream } from '@platformatic/kafka';
import { createLogger, type Logger } from '../logging/index.js';
import { type BootstrapServers, parseBootstrapServers } from './bootstrap-servers.js';
import {
  type ConsumedMessage,
  type KafkaStringMessage,
  textDeserializers,
  toConsumedMessage,
} from './consumed-message.js';
import { groupLag } from './consumer-lag.js';
import { joinGroupWithRetry } from './join-group.js';
import { nextBatch } from './message-batches.js';

export type { ConsumedMessage } from './consumed-message.js';

export type BatchHandler = (messages: ConsumedMessage[]) => Promise<void>;

export interface EventConsumer {
  /**
   * Joins the group and starts handing batches to `handleBatch`, one batch at a time; resolves
   * once the consumer has joined. A batch's offsets are committed only after its handler
   * resolves (at-least-once: a crash before that hands the batch over again). A handler that
   * rejects gets the same batch again after a growing pause, until it resolves or `close()`.
   */
  run(handleBatch: BatchHandler): Promise<void>;
  /** Messages not yet committed by the group, summed over the topics' partitions. */
  lag(): Promise<number>;
  /** Stops after the batch in progress (its offsets committed) and leaves the group. */
  close(): Promise<void>;
}

export interface EventConsumerOptions {
  bootstrapServers: BootstrapServers;
  clientId: string;
  groupId: string;
  topics: readonly string[];
  /** Where a group without committed offsets starts: the earliest message (true) or the end. */
  fromBeginning: boolean;
  /** Most messages in one batch (default 500). */
  maxBatchSize?: number;
  /**
   * How long `run` keeps retrying the group join (default 180 s): while the broker starts (the
   * launcher starts the read model alongside it), loads its offsets topic or gets the topics.
   */
  joinTimeoutMs?: number;
  /**
   * Session timeout (default 10 s): how long a crashed member keeps its partitions before the
   * group gives them to another (the broker's minimum is 6 s).
   */
  sessionTimeoutMs?: number;
  logger?: Logger;
}

const MAX_HANDLER_RETRY_DELAY_MS = 30_000;

/** Commits the message's partition up to and including the message. */
function commitThrough(message: KafkaStringMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    void message.commit((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const logger = options.logger ?? createLogger(options.clientId);
  const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
  const consumer = new Consumer<string, string, string, string>({
    clientId: options.clientId,
    groupId: options.groupId,
    bootstrapBrokers: parseBootstrapServers(options.bootstrapServers),
    deserializers: textDeserializers,
    autocommit: false,
    sessionTimeout,
    rebalanceTimeout: sessionTimeout,
    heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
    // A fetch returns as soon as a message arrives; this bounds only an empty poll.
    maxWaitTime: 500,
    highWaterMark: 512,
  });
  const topics = [...options.topics];
  const maxBatchSize = options.maxBatchSize ?? 500;
  const stop = new AbortController();
  const closing = () => stop.signal.aborted;
  let stream: MessagesStream<string, string, string, string> | undefined;
  let loop: Promise<void> | undefined;
  const wakeUps = new Set<() => void>();

  const consume = () =>
    joinGroupWithRetry(
      () =>
        consumer.consume({
          topics,
          autocommit: false,
          mode: 'committed',
          fallbackMode: options.fromBeginning ? 'earliest' : 'latest',
          sessionTimeout,
          rebalanceTimeout: sessionTimeout,
          heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
        }),
      { timeoutMs: options.joinTimeoutMs ?? 180_000, logger, stopped: closing },
    );

  /** Waits `ms`, or less if the consumer is closed meanwhile. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakeUps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakeUps.add(wake);
    });

  async function handleUntilDone(batch: KafkaStringMessage[], handleBatch: BatchHandler) {
    const messages = batch.map(toConsumedMessage);
    for (let attempt = 1; ; attempt++) {
      try {
        await handleBatch(messages);
        return true;
      } catch (error) {
        if (closing()) return false;
        const delay = Math.min(MAX_HANDLER_RETRY_DELAY_MS, 250 * 2 ** (attempt - 1));
        logger.warn(
          { err: error, attempt, messages: messages.length, retryInMs: delay },
          'Kafka batch handler failed; the batch will be handed over again',
        );
        await pause(delay);
        if (closing()) return false;
      }
    }
  }

  async function commitBatch(batch: KafkaStringMessage[]) {
    const lastOfPartition = new Map<string, KafkaStringMessage>();
    for (const message of batch)
      lastOfPartition.set(`${message.topic}:${message.partition}`, message);
    try {
      await Promise.all([...lastOfPartition.values()].map(commitThrough));
    } catch (error) {
      // The partitions moved to another member meanwhile (a rebalance); it resumes from the last
      // committed offsets, so this batch is handed over again: at-least-once, never lost.
      logger.warn({ err: error }, 'Kafka offset commit failed; the batch may be delivered again');
    }
  }

  async function consumeStream(
    current: MessagesStream<string, string, string, string>,
    handleBatch: BatchHandler,
  ) {
    for (;;) {
      const batch = await nextBatch<KafkaStringMessage>(current, maxBatchSize, stop.signal);
      if (batch === null) return;
      if (!(await handleUntilDone(batch, handleBatch))) return;
      await commitBatch(batch);
      if (closing()) return;
    }
  }

  async function runLoop(
    first: MessagesStream<string, string, string, string>,
    handleBatch: BatchHandler,
  ) {
    let current = first;
    for (;;) {
      await consumeStream(current, handleBatch);
      if (closing()) return;
      logger.warn('Kafka message stream ended unexpectedly; joining the group again');
      await current.close().catch(() => undefined);
      await pause(1_000);
      if (closing()) return;
      try {
        current = await consume();
        watch(current);
      } catch (error) {
        if (closing()) return;
        logger.error({ err: error }, 'Kafka consumer could not join its group again');
        continue;
      }
    }
  }

  function watch(current: MessagesStream<string, string, string, string>) {
    stream = current;
    // Keeps the stream in paused mode (readableFlowing false) between batches. Without a
    // 'readable' listener, Node sets readableFlowing back to null when nextBatch removes its own,
    // and the MessagesStream then stops fetching for good while a slow handler runs.
    current.on('readable', () => undefined);
    current.on('error', (error) => {
      if (!closing()) logger.warn({ err: error }, 'Kafka message stream failed');
    });
  }

  return {
    async run(handleBatch) {
      if (loop !== undefined) throw new Error('Kafka consumer: run() was already called');
      const first = await consume();
      watch(first);
      loop = runLoop(first, handleBatch).catch((error: unknown) => {
        logger.error({ err: error }, 'Kafka consumer stopped');
      });
    },
    lag() {
      return groupLag(consumer, topics, options.fromBeginning);
    },
    async close() {
      stop.abort();
      for (const wake of [...wakeUps]) wake();
      await loop;
      await stream?.close().catch(() => undefined);
      await consumer.close(true);
    },
  };
}
