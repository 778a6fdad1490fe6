export { type BootstrapServers, parseBootstrapServers } from './bootstrap-servers.js';
export { ensureTopics } from './ensure-topics.js';
export {
  type BatchHandler,
  type ConsumedMessage,
  createEventConsumer,
  type EventConsumer,
  type EventConsumerOptions,
} from './event-consumer.js';
export {
  createEventProducer,
  type EventProducer,
  type EventProducerOptions,
  type EventToPublish,
} from './event-producer.js';
export { type KafkaEnv, kafkaEnvSchema, requiredKafkaEnvSchema } from './kafka-env.js';
