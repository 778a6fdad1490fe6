import { z } from 'zod';
import { ConfigurationError, flag, loadEnv } from '../../../lib/config/index.js';
import { kafkaEnvSchema } from '../../../lib/kafka/kafka-env.js';
import { KafkaOrderEvents } from './kafka-order-events.js';
import { LogOrderEvents } from './log-order-events.js';
import type { OrderEventPublisher } from './order-event-publisher.js';

/** The worker's variables for the order's lifecycle events. */
export const orderEventsEnv = z.object({
  ...kafkaEnvSchema.shape,
  ORDER_EVENTS_DEV_LOG_ONLY: flag(false).describe(
    'Development only: with KAFKA_BOOTSTRAP_SERVERS unset, the worker logs the order events instead of publishing them (no consumer sees them). Without it the worker requires KAFKA_BOOTSTRAP_SERVERS.',
  ),
});

export type OrderEventsConfig =
  { publisher: 'kafka'; bootstrapServers: string; clientId: string } | { publisher: 'log' };

/** Where the worker publishes the order events; refuses to start without a broker unless told. */
export function loadOrderEventsConfig(env: NodeJS.ProcessEnv = process.env): OrderEventsConfig {
  const vars = loadEnv('worker', orderEventsEnv, env);
  if (vars.KAFKA_BOOTSTRAP_SERVERS !== undefined) {
    return {
      publisher: 'kafka',
      bootstrapServers: vars.KAFKA_BOOTSTRAP_SERVERS,
      clientId: vars.KAFKA_CLIENT_ID ?? 'checkout-worker',
    };
  }
  if (vars.ORDER_EVENTS_DEV_LOG_ONLY) return { publisher: 'log' };
  throw new ConfigurationError(
    "Invalid worker configuration:\n  KAFKA_BOOTSTRAP_SERVERS: required, the worker publishes the orders' lifecycle events to Kafka (on a development machine without a broker, ORDER_EVENTS_DEV_LOG_ONLY=true logs them instead)",
  );
}

export function createOrderEventPublisher(config: OrderEventsConfig): OrderEventPublisher {
  return config.publisher === 'kafka' ? KafkaOrderEvents.connect(config) : new LogOrderEvents();
}
