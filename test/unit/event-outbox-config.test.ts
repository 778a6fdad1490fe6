import { describe, expect, it } from '@jest/globals';
import { loadInventoryConfig } from '../../apps/inventory/inventory-env.js';
import { loadPaymentConfig } from '../../apps/payment/payment-env.js';
import { loadShippingConfig } from '../../apps/shipping/shipping-env.js';

const WEEK_MS = 7 * 24 * 3600_000;

describe('participants’ outbox configuration', () => {
  it.each([
    ['inventory', loadInventoryConfig],
    ['payment', loadPaymentConfig],
    ['shipping', loadShippingConfig],
  ])('%s: without KAFKA_BOOTSTRAP_SERVERS the relay is off; events are kept 7 days', (_, load) => {
    expect(load({}).outbox).toEqual({
      kafka: undefined,
      retentionMs: WEEK_MS,
      pollIntervalMs: 200,
    });
  });

  it('reads the broker, client id, retention and poll interval', () => {
    const { outbox } = loadShippingConfig({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092,kafka-2:9092',
      KAFKA_CLIENT_ID: 'shipping-eu',
      OUTBOX_RETENTION: '36h',
      OUTBOX_POLL_INTERVAL_MS: '50',
    });
    expect(outbox).toEqual({
      kafka: { bootstrapServers: '127.0.0.1:9092,kafka-2:9092', clientId: 'shipping-eu' },
      retentionMs: 36 * 3600_000,
      pollIntervalMs: 50,
    });
  });

  it('names each bad variable', () => {
    expect(() =>
      loadInventoryConfig({
        KAFKA_BOOTSTRAP_SERVERS: 'no port here',
        OUTBOX_RETENTION: 'for a while',
        OUTBOX_POLL_INTERVAL_MS: '0',
      }),
    ).toThrow(
      new RegExp(
        [
          'KAFKA_BOOTSTRAP_SERVERS: must be a comma-separated list of host:port addresses',
          'OUTBOX_RETENTION: must be a duration of at least 1 second',
          'OUTBOX_POLL_INTERVAL_MS: ',
        ].join('[^]*'),
      ),
    );
    expect(() => loadPaymentConfig({ OUTBOX_RETENTION: '10ms' })).toThrow(/OUTBOX_RETENTION/);
  });
});
