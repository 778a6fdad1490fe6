// Temporal payloads are encrypted by the worker and the client: the history on the server holds
// no payment token, address or name, and a key rotation keeps running orders working.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createInMemoryAdapters } from '../../activities/adapters/in-memory/index.js';
import { createActivities } from '../../activities/index.js';
import {
  encryptingDataConverter,
  generatePayloadEncryptionKey,
  parsePayloadEncryptionKeys,
  type PayloadEncryptionKey,
} from '../../lib/payload-codec/index.js';
import type { checkout } from '../../workflows/checkout/checkout.workflow.js';
import { cancelOrderUpdate, getStateQuery } from '../../workflows/checkout/messages.js';
import type { CheckoutInput } from '../../workflows/checkout/order.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { eventually } from '../support/api-http.js';
import { rawHistory } from '../support/e2e-raw-history.js';
import { installQuietRuntime } from '../support/quiet-runtime.js';
import { createDevServerEnvironment } from '../support/temporal-env.js';

const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));
const SECRETS = { paymentToken: 'tok_visa', name: 'Grace Hopperton', line1: '42 Cipher Street' };

function orderInput(paymentToken: string): CheckoutInput {
  return {
    orderId: `ord_${randomUUID().replaceAll('-', '')}`,
    customerId: 'cus_encrypted',
    items: [{ sku: 'SKU-001', quantity: 1 }],
    paymentToken,
    shippingAddress: {
      name: SECRETS.name,
      line1: SECRETS.line1,
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    },
  };
}

describe('encrypted payloads on the Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  const participants = createInMemoryAdapters();
  const taskQueue = `encryption-${randomUUID()}`;
  const [oldKey, newKey] = parsePayloadEncryptionKeys(
    [generatePayloadEncryptionKey('2026-01'), generatePayloadEncryptionKey('2026-02')].join(','),
  );
  if (!oldKey || !newKey) throw new Error('two keys expected');

  beforeAll(async () => {
    installQuietRuntime();
    env = await createDevServerEnvironment({
      server: { searchAttributes: [...ORDER_SEARCH_ATTRIBUTES] },
    });
  }, 120_000);

  afterAll(async () => {
    await env.teardown();
  });

  const clientWith = (keys: PayloadEncryptionKey[]) =>
    new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      dataConverter: encryptingDataConverter(keys),
    });

  /** Runs a worker with these keys while `body` runs. */
  async function withWorker<T>(keys: PayloadEncryptionKey[], body: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      activities: createActivities(participants),
      dataConverter: encryptingDataConverter(keys),
    });
    return worker.runUntil(body());
  }

  it('keeps the token, the address and the name out of the raw history of a completed order', async () => {
    const input = orderInput(SECRETS.paymentToken);
    const client = clientWith([oldKey]);

    const state = await withWorker([oldKey], () =>
      client.workflow.execute<typeof checkout>('checkout', {
        taskQueue,
        workflowId: `order-${input.orderId}`,
        args: [input],
      }),
    );

    expect(state.status).toBe('COMPLETED');
    const history = await rawHistory(env.address, `order-${input.orderId}`);
    for (const secret of Object.values(SECRETS)) {
      expect(history.json).not.toContain(secret);
      expect(history.payloadTexts.filter((text) => text.includes(secret))).toEqual([]);
    }
    expect(history.encodings).toContain('binary/encrypted');
    expect(new Set(history.keyIds)).toEqual(new Set(['2026-01']));
  }, 120_000);

  it('keeps a running order working across a key rotation', async () => {
    const input = orderInput('tok_requiresAction');
    const workflowId = `order-${input.orderId}`;
    await withWorker([oldKey], async () => {
      await clientWith([oldKey]).workflow.start('checkout', {
        taskQueue,
        workflowId,
        args: [input],
      });
      await eventually(async () => {
        const state = await clientWith([oldKey])
          .workflow.getHandle(workflowId)
          .query(getStateQuery);
        expect(state.status).toBe('AWAITING_PAYMENT_CONFIRMATION');
      });
    });

    // The new key goes first; the old one stays to read what it wrote. The new worker has no
    // cached state: it replays the history written under the old key.
    const rotated = clientWith([newKey, oldKey]);
    const state = await withWorker([newKey, oldKey], async () => {
      const handle = rotated.workflow.getHandle<typeof checkout>(workflowId);
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'rotation test' }] });
      return handle.result();
    });

    expect(state.status).toBe('CANCELLED');
    const history = await rawHistory(env.address, workflowId);
    expect(new Set(history.keyIds)).toEqual(new Set(['2026-01', '2026-02']));
    expect(history.json).not.toContain(SECRETS.line1);
  }, 180_000);
});
