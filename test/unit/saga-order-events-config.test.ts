import { describe, expect, it } from '@jest/globals';
import { loadOrderEventsConfig } from '../../activities/adapters/order-events/order-events-config.js';

describe("the worker's order events configuration", () => {
  it('publishes to the given Kafka brokers, as checkout-worker unless told otherwise', () => {
    expect(loadOrderEventsConfig({ KAFKA_BOOTSTRAP_SERVERS: 'kafka-1:9092,kafka-2:9092' })).toEqual(
      {
        publisher: 'kafka',
        bootstrapServers: 'kafka-1:9092,kafka-2:9092',
        clientId: 'checkout-worker',
      },
    );
    expect(
      loadOrderEventsConfig({ KAFKA_BOOTSTRAP_SERVERS: 'localhost:9092', KAFKA_CLIENT_ID: 'w-2' }),
    ).toMatchObject({ clientId: 'w-2' });
  });

  it('refuses to start without a broker, naming the variable and the development flag', () => {
    expect(() => loadOrderEventsConfig({})).toThrow(
      /KAFKA_BOOTSTRAP_SERVERS: required.*ORDER_EVENTS_DEV_LOG_ONLY=true/,
    );
    expect(() => loadOrderEventsConfig({ ORDER_EVENTS_DEV_LOG_ONLY: 'false' })).toThrow(
      /KAFKA_BOOTSTRAP_SERVERS: required/,
    );
  });

  it('logs the events instead only when the development flag says so', () => {
    expect(loadOrderEventsConfig({ ORDER_EVENTS_DEV_LOG_ONLY: 'true' })).toEqual({
      publisher: 'log',
    });
    // A broker, when given, wins over the flag.
    expect(
      loadOrderEventsConfig({
        ORDER_EVENTS_DEV_LOG_ONLY: 'true',
        KAFKA_BOOTSTRAP_SERVERS: 'k:9092',
      }),
    ).toMatchObject({ publisher: 'kafka' });
  });

  it('names a bad broker list', () => {
    expect(() => loadOrderEventsConfig({ KAFKA_BOOTSTRAP_SERVERS: 'no-port' })).toThrow(
      /KAFKA_BOOTSTRAP_SERVERS: must be a comma-separated list of host:port addresses/,
    );
  });
});
