import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TOPICS } from '../../lib/events/index.js';
import { createEventProducer, ensureTopics, type EventProducer } from '../../lib/kafka/index.js';
import { startReadModel, type RunningReadModel } from '../../apps/read-model/index.js';
import type { ReadModelConfig } from '../../apps/read-model/read-model-env.js';
import { IN_PROCESS, uniqueDatabaseUrl, dropDatabase } from './participants.js';
import { testLogger } from './read-model.js';
import { topicOf, type TestCloudEvent } from './read-model-events.js';

/** The broker the global setup started (or KAFKA_BOOTSTRAP_SERVERS of an external one). */
export function kafkaServers(): string {
  const servers = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (!servers)
    throw new Error('KAFKA_BOOTSTRAP_SERVERS is not set; run the tests with `npm test`.');
  return servers;
}

export async function ensureEventTopics(): Promise<void> {
  await ensureTopics(kafkaServers(), TOPICS);
}

/** A consumer group no other test uses: it starts from the beginning of every topic. */
export function uniqueReadModelGroup(): string {
  return `test-read-model-${randomUUID()}`;
}

/** A read-model configuration on a database of its own (created by the read model itself). */
export function testReadModelConfig(overrides: Partial<ReadModelConfig> = {}): ReadModelConfig {
  return {
    port: 0,
    host: IN_PROCESS.host,
    databaseUrl: uniqueDatabaseUrl('read_model'),
    databasePoolSize: 4,
    kafkaBootstrapServers: kafkaServers(),
    kafkaClientId: 'order-read-model-test',
    groupId: uniqueReadModelGroup(),
    logLevel: IN_PROCESS.logLevel,
    ...overrides,
  };
}

export interface TestReadModel extends RunningReadModel {
  config: ReadModelConfig;
  /** Stops it; its database stays until `drop()`. */
  stop(): Promise<void>;
  drop(): Promise<void>;
}

/** The read model, consumer included, in this process. */
export async function startTestReadModel(config = testReadModelConfig()): Promise<TestReadModel> {
  const running = await startReadModel(config, testLogger);
  await running.joined();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await running.close();
  };
  return {
    ...running,
    config,
    stop,
    close: stop,
    drop: async () => {
      await stop();
      await dropDatabase(config.databaseUrl);
    },
  };
}

export interface TestPublisher {
  /** Publishes each event on its type's topic, keyed by its order, in one acknowledged send. */
  publish(events: readonly TestCloudEvent[]): Promise<void>;
  /** Publishes raw values, e.g. a message that is not an event. */
  publishRaw(messages: { topic: string; key: string; value: string }[]): Promise<void>;
  close(): Promise<void>;
}

export function testPublisher(): TestPublisher {
  const producer: EventProducer = createEventProducer({
    bootstrapServers: kafkaServers(),
    clientId: 'read-model-test-publisher',
  });
  return {
    publish: (events) =>
      producer.publish(
        events.map((event) => ({
          topic: topicOf(event.type),
          key: event.data.orderId,
          value: JSON.stringify(event),
        })),
      ),
    publishRaw: (messages) => producer.publish(messages),
    close: () => producer.close(),
  };
}

const MAIN = fileURLToPath(new URL('../../dist/apps/read-model/main.js', import.meta.url));

export interface ReadModelProcess {
  child: ChildProcess;
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
  output(): string;
}

/** The built read model (dist/, as npm start runs it) as a process of its own. */
export function spawnReadModel(config: ReadModelConfig): ReadModelProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: String(config.port),
      HOST: config.host,
      DATABASE_URL: config.databaseUrl,
      KAFKA_BOOTSTRAP_SERVERS: config.kafkaBootstrapServers,
      READ_MODEL_GROUP_ID: config.groupId,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve(signal ?? String(code));
    });
  });
  return { child, exited, output: () => output };
}
