export interface BrokerAddresses {
  /** Loopback port of the client listener. */
  port: number;
  /** Loopback port of the KRaft controller listener. */
  controllerPort: number;
}

export const BROKER_HOST = '127.0.0.1';
const NODE_ID = 1;

/**
 * server.properties of a single KRaft node that is broker and controller at once, listening on
 * loopback only. Everything internal has one replica, and the settings that slow a start or the
 * first consumer (the group rebalance delay, 50 offsets partitions) are turned down.
 */
export function serverProperties(logDir: string, { port, controllerPort }: BrokerAddresses) {
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.voters': `${NODE_ID}@${BROKER_HOST}:${controllerPort}`,
    listeners: `PLAINTEXT://${BROKER_HOST}:${port},CONTROLLER://${BROKER_HOST}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${BROKER_HOST}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': logDir,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'auto.create.topics.enable': false,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 3,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    // The OS writes the log out; an fsync per message would buy nothing on one node.
    'log.flush.interval.messages': Number.MAX_SAFE_INTEGER,
    'log.retention.hours': 168,
    // The log cleaner (it compacts the offsets topic) allocates this on the heap at start-up:
    // 128 MiB by default, half the broker's resident memory for a few small compacted topics.
    'log.cleaner.dedupe.buffer.size': 8 * 1024 * 1024,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    'background.threads': 2,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')}\n`;
}

/** Log4j 2: warnings and errors on stdout (the log file), plus the line saying it started. */
export function log4jProperties(): string {
  return `${[
    'status = warn',
    'appender.stdout.type = Console',
    'appender.stdout.name = stdout',
    'appender.stdout.layout.type = PatternLayout',
    'appender.stdout.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = warn',
    'rootLogger.appenderRef.stdout.ref = stdout',
    'logger.started.name = kafka.server.KafkaRaftServer',
    'logger.started.level = info',
  ].join('\n')}\n`;
}
