import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../lib/logging/index.js';
import { ProblemException } from '../../lib/nest/index.js';
import { Database } from '../../lib/participant/index.js';
import {
  startTestInventory,
  startTestPayment,
  startTestShipping,
  uniqueId,
  withDatabase,
  type Problem,
  type TestService,
} from '../support/participants.js';
import { SAMPLE_ADDRESS } from '../support/sample-address.js';

let inventory: TestService;
let payment: TestService;
let shipping: TestService;

beforeAll(async () => {
  [inventory, payment, shipping] = await Promise.all([
    startTestInventory(),
    startTestPayment(),
    startTestShipping(),
  ]);
});

afterAll(async () => {
  await Promise.all([inventory.close(), payment.close(), shipping.close()]);
});

interface RawAnswer {
  status: number;
  headers: Headers;
  body: Problem;
}

/** Sends exactly these bytes, to reach what a well-behaved client never sends. */
async function raw(
  service: { url: string },
  method: string,
  path: string,
  options: { body?: string | Buffer; contentType?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = {
    'idempotency-key': randomUUID(),
    ...(options.contentType ? { 'content-type': options.contentType } : {}),
    ...options.headers,
  };
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as Problem,
  };
}

const shipmentBody = (name: string) =>
  `{"orderId":"${uniqueId('order')}","address":{"name":"${name}","line1":"1 Main St","city":"Springfield","postalCode":"12345","country":"US"},"items":[{"sku":"SKU-001","quantity":1}]}`;

function expectProblem(answer: RawAnswer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
}

describe('participants refuse text no database or log should hold', () => {
  it.each([
    ['a NUL', 'Ada\\u0000'],
    ['a control character', 'Ada\\u001b[31m'],
    ['an unpaired high surrogate', 'Ada\\ud800'],
    ['an unpaired low surrogate', '\\udc00Ada'],
  ])('answers a body string with %s 400, naming the field', async (_case, name) => {
    const answer = await raw(shipping, 'POST', '/shipments', {
      body: shipmentBody(name),
      contentType: 'application/json',
    });

    expectProblem(answer, 400, 'VALIDATION_FAILED');
    expect(answer.body.errors).toEqual([{ field: 'address.name', message: expect.any(String) }]);
  });

  it('stores text in NFC, so that text that looks the same is the same', async () => {
    const orderId = uniqueId('order');
    const decomposed = 'Zoe\u0308'; // "Zoë" as e + combining diaeresis
    const answer = await raw(shipping, 'POST', '/shipments', {
      body: JSON.stringify({
        orderId,
        address: { ...SAMPLE_ADDRESS, name: decomposed },
        items: [{ sku: 'SKU-001', quantity: 1 }],
      }),
      contentType: 'application/json',
    });

    expect(answer.status).toBe(201);
    const { rows } = await withDatabase(shipping.databaseUrl, (client) =>
      client.query<{ name: string }>(
        "SELECT address->>'name' AS name FROM shipments WHERE order_id = $1",
        [orderId],
      ),
    );
    expect(rows).toEqual([{ name: 'Zo\u00eb' }]);
  });

  it.each([
    ['POST', '/reservations/res%00/confirm', () => inventory],
    ['GET', '/charges/ch%00', () => payment],
    ['POST', '/charges/ch%00/refund', () => payment],
    ['POST', '/shipments/shp%00/cancel', () => shipping],
  ])('answers %s %s 400', async (method, path, service) => {
    const answer = await raw(service(), method, path);

    expectProblem(answer, 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['inventory', () => inventory, '/reservations'],
    ['payment', () => payment, '/charges'],
    ['shipping', () => shipping, '/shipments'],
  ])('answers %00 or a malformed id in the %s query 400', async (_name, service, path) => {
    const nul = await raw(service(), 'GET', `${path}?orderId=order%00`);
    const quote = await raw(service(), 'GET', `${path}?orderId=o'r`);
    const tooLong = await raw(service(), 'GET', `${path}?orderId=${'o'.repeat(201)}`);

    expectProblem(nul, 400, 'VALIDATION_FAILED');
    expectProblem(quote, 400, 'VALIDATION_FAILED');
    expectProblem(tooLong, 400, 'VALIDATION_FAILED');
  });

  it('answers a malformed percent-encoding 400', async () => {
    const answer = await raw(payment, 'GET', '/charges/%E0%A4%A');

    expect(answer.status).toBe(400);
    expect(answer.body.code).toEqual(expect.any(String));
  });

  it('ignores a malformed X-Request-Id and answers with one of its own', async () => {
    const answer = await raw(inventory, 'GET', '/products', {
      headers: { 'x-request-id': 'a'.repeat(500) },
    });
    const kept = await raw(inventory, 'GET', '/products', {
      headers: { 'x-request-id': 'req-123' },
    });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(kept.headers.get('x-request-id')).toBe('req-123');
  });
});

describe('participants accept only small JSON bodies', () => {
  it('answers a body over 16 KiB 413 in the problem shape', async () => {
    const answer = await raw(shipping, 'POST', '/shipments', {
      body: shipmentBody('A'.repeat(16 * 1024)),
      contentType: 'application/json',
    });

    expectProblem(answer, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a chunked body over 16 KiB 413 too', async () => {
    const big = shipmentBody('A'.repeat(16 * 1024));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const response = await fetch(`${shipping.url}/shipments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: stream,
      duplex: 'half',
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
    ['JSON in Latin-1', 'application/json; charset=latin1'],
    ['JSON in UTF-16', 'application/json; charset=utf-16'],
  ])('answers %s 415 in the problem shape', async (_case, contentType) => {
    const answer = await raw(shipping, 'POST', '/shipments', {
      body: shipmentBody('Ada'),
      contentType,
    });

    expectProblem(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts JSON declared as UTF-8', async () => {
    const answer = await raw(shipping, 'POST', '/shipments', {
      body: shipmentBody('Ada'),
      contentType: 'application/json; charset=UTF-8',
    });

    expect(answer.status).toBe(201);
  });

  it.each([
    ['broken JSON', '{"orderId":'],
    ['a bare string', '"text"'],
  ])('answers %s 400 in the problem shape', async (_case, body) => {
    const answer = await raw(shipping, 'POST', '/shipments', {
      body,
      contentType: 'application/json',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.code).toEqual(expect.any(String));
  });
});

describe('participants answer undeclared methods and paths in the problem shape', () => {
  it.each([
    ['PUT', '/shipments', 'GET, HEAD, POST'],
    ['DELETE', '/charges/ch_1', 'GET, HEAD'],
    ['GET', '/reservations/res_1/release', 'POST'],
  ])('answers %s %s 405 with Allow: %s', async (method, path, allow) => {
    const service = path.startsWith('/shipments')
      ? shipping
      : path.startsWith('/charges')
        ? payment
        : inventory;

    const answer = await raw(service, method, path);

    expectProblem(answer, 405, 'METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).toBe(allow);
  });

  it('answers an unknown path 404 NOT_FOUND', async () => {
    expectProblem(await raw(inventory, 'GET', '/nothing-here'), 404, 'NOT_FOUND');
  });
});

describe('participants bound their database sessions', () => {
  it('sets lock_timeout, idle_in_transaction_session_timeout and the statement timeout on every connection', async () => {
    const database = new Database({
      url: payment.databaseUrl,
      poolSize: 1,
      statementTimeoutMs: 4000,
      lockTimeoutMs: 3000,
      idleInTransactionTimeoutMs: 60_000,
      applicationName: 'test',
      logger: createLogger('test', 'silent'),
    });
    try {
      const { rows } = await database.query<{ name: string; setting: string }>(
        `SELECT name, setting FROM pg_settings
          WHERE name IN ('lock_timeout', 'idle_in_transaction_session_timeout', 'statement_timeout')
          ORDER BY name`,
      );

      expect(rows).toEqual([
        { name: 'idle_in_transaction_session_timeout', setting: '60000' },
        { name: 'lock_timeout', setting: '3000' },
        { name: 'statement_timeout', setting: '4000' },
      ]);
    } finally {
      await database.close();
    }
  });
});

describe('participants answer values the database refuses with 400', () => {
  it('maps a data exception (SQLSTATE class 22) to 400 INVALID_INPUT', async () => {
    const database = new Database({
      url: payment.databaseUrl,
      poolSize: 1,
      statementTimeoutMs: 2000,
      lockTimeoutMs: 1000,
      idleInTransactionTimeoutMs: 5000,
      applicationName: 'test',
      logger: createLogger('test', 'silent'),
    });
    try {
      const divisionByZero = await database.query('SELECT 1 / 0').catch((error: unknown) => error);
      const badText = await database
        .transaction((sql) => sql.query('SELECT $1::text', ['a\u0000b']))
        .catch((error: unknown) => error);

      for (const error of [divisionByZero, badText]) {
        expect(error).toBeInstanceOf(ProblemException);
        expect((error as ProblemException).toProblem()).toMatchObject({
          status: 400,
          code: 'INVALID_INPUT',
        });
      }
    } finally {
      await database.close();
    }
  });

  it('refuses an order too large to total with a 4xx, and holds nothing', async () => {
    const orderId = uniqueId('order');
    const answer = await raw(inventory, 'POST', '/reservations', {
      body: JSON.stringify({
        orderId,
        items: Array.from({ length: 100 }, () => ({ sku: 'SKU-001', quantity: 10_000 })),
      }),
      contentType: 'application/json',
    });

    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    const { rows } = await withDatabase(inventory.databaseUrl, (client) =>
      client.query('SELECT 1 FROM reservations WHERE order_id = $1', [orderId]),
    );
    expect(rows).toEqual([]);
  });
});
