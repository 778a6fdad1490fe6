import { describe, expect, it } from '@jest/globals';
import {
  inventoryEnv,
  loadInventoryConfig,
  startInventoryService,
} from '../../apps/inventory/index.js';
import { loadPaymentConfig, paymentEnv } from '../../apps/payment/index.js';
import { loadShippingConfig, shippingEnv } from '../../apps/shipping/index.js';
import { ConfigurationError } from '../../lib/config/index.js';
import { loadParticipantsConfig, participantsEnv } from '../../lib/participant/participants-env.js';
import {
  dropDatabase,
  get,
  IN_PROCESS,
  startTestInventory,
  startTestPayment,
  startTestShipping,
  uniqueDatabaseUrl,
  withDatabase,
} from '../support/participants.js';

describe('participant service health', () => {
  it.each([
    ['inventory', startTestInventory],
    ['payment', startTestPayment],
    ['shipping', startTestShipping],
  ])('%s answers 200 while its database answers, 503 once it is gone', async (_name, start) => {
    const service = await start();
    try {
      const up = await get(service, '/health');
      await dropDatabase(service.databaseUrl);
      const down = await get(service, '/health');

      expect(up.status).toBe(200);
      expect(up.body).toEqual({ status: 'UP', database: 'UP' });
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'DOWN', database: 'DOWN' });
    } finally {
      await service.close();
    }
  });
});

describe('participant service start-up', () => {
  it('creates its database when the server lacks it', async () => {
    const databaseUrl = uniqueDatabaseUrl('created');
    const service = await startInventoryService({ ...IN_PROCESS, databaseUrl });
    try {
      const products = await get<unknown[]>(service, '/products');

      expect(products.status).toBe(200);
      expect(products.body.length).toBeGreaterThan(0);
    } finally {
      await service.close();
      await dropDatabase(databaseUrl);
    }
  });

  it('migrates once when replicas start together', async () => {
    const databaseUrl = uniqueDatabaseUrl('replicas');
    const replicas = await Promise.all(
      Array.from({ length: 3 }, () => startInventoryService({ ...IN_PROCESS, databaseUrl })),
    );
    try {
      const { rows } = await withDatabase(databaseUrl, (client) =>
        client.query<{ name: string }>(
          'SELECT name FROM participant_migrations UNION ALL SELECT name FROM service_migrations',
        ),
      );
      const answers = await Promise.all(replicas.map((replica) => get(replica, '/health')));

      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      await dropDatabase(databaseUrl);
    }
  });

  it('fails to start when the database server is unreachable', async () => {
    const start = startInventoryService({
      ...IN_PROCESS,
      databaseUrl: 'postgres://postgres:postgres@127.0.0.1:1/inventory',
    });

    await expect(start).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('participant configuration', () => {
  it('defaults to the documented ports and databases', () => {
    expect(loadInventoryConfig({})).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      databaseUrl: 'postgres://postgres:postgres@localhost:5433/inventory',
      faultInjectionEnabled: false,
      reservationTtlSeconds: 1800,
    });
    expect(loadPaymentConfig({})).toMatchObject({
      port: 3002,
      databaseUrl: 'postgres://postgres:postgres@localhost:5433/payment',
    });
    expect(loadShippingConfig({})).toMatchObject({
      port: 3003,
      databaseUrl: 'postgres://postgres:postgres@localhost:5433/shipping',
    });
    expect(loadParticipantsConfig({})).toEqual({
      inventoryUrl: 'http://localhost:3001',
      paymentUrl: 'http://localhost:3002',
      shippingUrl: 'http://localhost:3003',
      timeoutMs: 5000,
    });
  });

  it('names every bad variable', () => {
    const load = () =>
      loadInventoryConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://localhost/inventory',
        FAULT_INJECTION_ENABLED: 'maybe',
        RESERVATION_TTL_SECONDS: '0',
      });

    expect(load).toThrow(ConfigurationError);
    expect(load).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*FAULT_INJECTION_ENABLED[\s\S]*RESERVATION_TTL_SECONDS/,
    );
    expect(() => loadParticipantsConfig({ PAYMENT_URL: 'not a url' })).toThrow(/PAYMENT_URL/);
  });

  it('describes every variable of every schema', () => {
    for (const schema of [inventoryEnv, paymentEnv, shippingEnv, participantsEnv]) {
      for (const [name, variable] of Object.entries(schema.shape)) {
        expect([name, variable.description]).toEqual([name, expect.any(String)]);
      }
    }
  });
});
