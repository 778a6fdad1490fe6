import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Charge } from '../../activities/adapters/ports.js';
import { loadPaymentConfig, startPaymentService } from '../../apps/payment/index.js';
import {
  createTestDatabase,
  eventually,
  IN_PROCESS,
  post,
  startTestPayment,
  uniqueId,
  withDatabase,
  type TestDatabase,
  type TestService,
} from '../support/participants.js';

const SECRET = 'a-webhook-secret-of-at-least-32-characters';

interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The status the next deliveries get; 204 until changed. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

/** The merchant's webhook endpoint: records every delivery, answers with a chosen status. */
async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let status = 204;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/payment`,
    received,
    answerWith: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

/** What a receiver does with `Payment-Signature: t=..,v1=..`: true when the body is authentic. */
function signatureIsValid(header: string | undefined, rawBody: string, secret: string): boolean {
  const parts = new Map(
    (header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]),
  );
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (t === undefined || v1 === undefined || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(t)) <= 300;
  return fresh && timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

const webhookOptions = (url: string) => ({
  webhooks: {
    url,
    secret: SECRET,
    pollIntervalMs: 50,
    retryInitialMs: 100,
    retryMaxMs: 400,
  },
});

const chargeNeedingAction = async (service: { url: string }) => {
  const orderId = uniqueId('order');
  const { body } = await post<Charge>(service, '/charges', {
    orderId,
    customerId: 'cus_123',
    amount: 1500,
    currency: 'USD',
    token: 'tok_requiresAction',
  });
  return { orderId, chargeId: body.chargeId };
};

const authenticate = (service: { url: string }, chargeId: string, result: 'approve' | 'deny') =>
  post(service, `/charges/${chargeId}/authenticate`, { result });

const deliveriesOf = (receiver: WebhookReceiver, chargeId: string) =>
  receiver.received.filter((webhook) => webhook.rawBody.includes(chargeId));

describe('payment webhooks', () => {
  let receiver: WebhookReceiver;
  let payment: TestService;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    payment = await startTestPayment(webhookOptions(receiver.url));
  });

  afterEach(() => {
    receiver.answerWith(204);
  });

  afterAll(async () => {
    await payment.close();
    await receiver.close();
  });

  it('delivers charge.succeeded, signed with the shared secret, once the challenge is passed', async () => {
    const { orderId, chargeId } = await chargeNeedingAction(payment);

    await authenticate(payment, chargeId, 'approve');
    const [delivery] = await eventually(
      () => Promise.resolve(deliveriesOf(receiver, chargeId)),
      (list) => list.length > 0,
    );

    if (!delivery) throw new Error('no webhook was delivered');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(JSON.parse(delivery.rawBody)).toEqual({
      id: expect.stringMatching(/^evt_/),
      type: 'charge.succeeded',
      created: expect.any(Number),
      data: { chargeId, orderId },
    });
    const signature = delivery.headers['payment-signature'] as string | undefined;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(signatureIsValid(signature, delivery.rawBody, SECRET)).toBe(true);
    expect(signatureIsValid(signature, delivery.rawBody, `${SECRET}-other`)).toBe(false);
    expect(
      signatureIsValid(signature, delivery.rawBody.replace(orderId, 'order-forged'), SECRET),
    ).toBe(false);
  });

  it('delivers charge.failed when the challenge is failed', async () => {
    const { chargeId } = await chargeNeedingAction(payment);

    await authenticate(payment, chargeId, 'deny');
    const deliveries = await eventually(
      () => Promise.resolve(deliveriesOf(receiver, chargeId)),
      (list) => list.length > 0,
    );

    expect(deliveries.map((d) => JSON.parse(d.rawBody) as { type: string })).toEqual([
      expect.objectContaining({ type: 'charge.failed' }),
    ]);
  });

  it('redelivers with backoff until the receiver accepts, then never again', async () => {
    receiver.answerWith(503);
    const { chargeId } = await chargeNeedingAction(payment);

    await authenticate(payment, chargeId, 'approve');
    await eventually(
      () => Promise.resolve(deliveriesOf(receiver, chargeId)),
      (list) => list.length >= 3,
    );
    receiver.answerWith(204);
    const delivered = await eventually(
      () => outboxRow(payment.databaseUrl, chargeId),
      (row) => row?.delivered === true,
    );
    const attempts = deliveriesOf(receiver, chargeId).length;
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(delivered).toMatchObject({ delivered: true, attempts });
    expect(deliveriesOf(receiver, chargeId)).toHaveLength(attempts);
    const ids = new Set(deliveriesOf(receiver, chargeId).map((d) => d.rawBody));
    expect(ids.size).toBe(1);
  });
});

describe('payment webhooks across a crash', () => {
  let database: TestDatabase;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    database = await createTestDatabase('payment');
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    await database.drop();
  });

  it('delivers an event committed before the service stopped, once it is back', async () => {
    // No relay runs in the first life: the event is committed but nothing has sent it.
    const first = await startPaymentService({
      ...IN_PROCESS,
      databaseUrl: database.url,
      webhooks: undefined,
    });
    const { chargeId } = await chargeNeedingAction(first);
    await authenticate(first, chargeId, 'approve');
    await first.close();
    expect(await outboxRow(database.url, chargeId)).toMatchObject({ delivered: false });

    const second = await startPaymentService({
      ...IN_PROCESS,
      databaseUrl: database.url,
      ...webhookOptions(receiver.url),
    });
    try {
      const deliveries = await eventually(
        () => Promise.resolve(deliveriesOf(receiver, chargeId)),
        (list) => list.length > 0,
      );
      expect(deliveries).toHaveLength(1);
      expect(
        await eventually(
          () => outboxRow(database.url, chargeId),
          (row) => row?.delivered === true,
        ),
      ).toMatchObject({ delivered: true });
    } finally {
      await second.close();
    }
  });
});

describe('payment webhook configuration', () => {
  it('needs a secret of at least 32 characters with a webhook URL', () => {
    const url = 'http://127.0.0.1:3000/webhooks/payment';

    expect(() => loadPaymentConfig({ PAYMENT_WEBHOOK_URL: url })).toThrow(
      /PAYMENT_WEBHOOK_SECRET: is required when PAYMENT_WEBHOOK_URL is set/,
    );
    expect(() =>
      loadPaymentConfig({ PAYMENT_WEBHOOK_URL: url, PAYMENT_WEBHOOK_SECRET: 'short' }),
    ).toThrow(/PAYMENT_WEBHOOK_SECRET: must be at least 32 characters/);
    expect(
      loadPaymentConfig({ PAYMENT_WEBHOOK_URL: url, PAYMENT_WEBHOOK_SECRET: SECRET }).webhooks,
    ).toMatchObject({ url, secret: SECRET });
    expect(loadPaymentConfig({}).webhooks).toBeUndefined();
    expect(() => loadPaymentConfig({ PAYMENT_PUBLIC_URL: 'not a url' })).toThrow(
      /PAYMENT_PUBLIC_URL/,
    );
  });

  it('links the challenge to the configured public URL', async () => {
    const payment = await startTestPayment({ publicUrl: 'https://pay.example.com' });
    try {
      const { body } = await post<Charge>(payment, '/charges', {
        orderId: uniqueId('order'),
        customerId: 'cus_123',
        amount: 1500,
        currency: 'USD',
        token: 'tok_requiresAction',
      });

      expect(body.nextAction).toEqual({
        url: `https://pay.example.com/charges/${body.chargeId}/authenticate`,
      });
    } finally {
      await payment.close();
    }
  });
});

async function outboxRow(
  databaseUrl: string,
  chargeId: string,
): Promise<{ delivered: boolean; attempts: number } | undefined> {
  const { rows } = await withDatabase(databaseUrl, (client) =>
    client.query<{ delivered: boolean; attempts: number }>(
      `SELECT delivered_at IS NOT NULL AS delivered, attempts
         FROM webhook_outbox WHERE charge_id = $1`,
      [chargeId],
    ),
  );
  return rows[0];
}
