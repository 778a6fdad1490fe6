import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import {
  correlationFields,
  orderIdOfRequest,
  orderIdOfWorkflowId,
  TemporalPinoLogger,
  withOrderId,
} from '../../lib/logging/index.js';
import { tracingRequested } from '../../lib/telemetry/index.js';

/** A logger like createLogger's, writing its JSON lines into an array. */
function capturingLogger(bindings: Record<string, string> = {}) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ base: bindings, mixin: correlationFields }, stream), lines };
}

type Request = Parameters<typeof orderIdOfRequest>[0];
const request = (fields: { url?: string; body?: unknown; headers?: Record<string, string> }) =>
  ({ url: fields.url ?? '/', body: fields.body, headers: fields.headers ?? {} }) as Request;

describe('log lines name their order', () => {
  it('adds the order of the context to every line written inside it, however deep', async () => {
    const { logger, lines } = capturingLogger();
    logger.info('before');
    await withOrderId('ord_1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('inside');
    });
    logger.info('after');

    expect(lines.map(({ msg, orderId }) => ({ msg, orderId }))).toEqual([
      { msg: 'before', orderId: undefined },
      { msg: 'inside', orderId: 'ord_1' },
      { msg: 'after', orderId: undefined },
    ]);
  });

  it('keeps the order a line or its logger names itself, once', () => {
    const { logger, lines } = capturingLogger({ orderId: 'ord_bound' });
    withOrderId('ord_1', () => {
      logger.info('bound');
    });
    const { logger: plain, lines: plainLines } = capturingLogger();
    withOrderId('ord_1', () => {
      plain.info({ orderId: 'ord_own' }, 'own');
    });

    expect(lines[0]?.orderId).toBe('ord_bound');
    expect(plainLines[0]?.orderId).toBe('ord_own');
  });

  it('writes no trace id while no span is active', () => {
    const { logger, lines } = capturingLogger();
    logger.info('untraced');
    expect(lines[0]).not.toHaveProperty('trace_id');
  });

  it("finds a request's order in its body, query, path or the saga's idempotency key", () => {
    expect(orderIdOfRequest(request({ body: { orderId: 'ord_body' } }))).toBe('ord_body');
    expect(orderIdOfRequest(request({ url: '/charges?orderId=ord_query' }))).toBe('ord_query');
    expect(orderIdOfRequest(request({ url: '/orders/ord_path/cancel' }))).toBe('ord_path');
    expect(
      orderIdOfRequest(
        request({
          url: '/reservations/res_1/confirm',
          headers: { 'idempotency-key': 'order-ord_key:confirmReservation' },
        }),
      ),
    ).toBe('ord_key');
    expect(orderIdOfRequest(request({ url: '/products', body: { orderId: 'bad id\n' } }))).toBe(
      undefined,
    );
  });

  it("names the order of the SDK's lines about a checkout workflow or its activities", () => {
    const { logger, lines } = capturingLogger();
    new TemporalPinoLogger(logger).info('Activity completed', { workflowId: 'order-ord_7' });
    new TemporalPinoLogger(logger).info('Worker state changed', { taskQueue: 'checkout' });

    expect(lines.map(({ orderId }) => orderId)).toEqual(['ord_7', undefined]);
    expect(orderIdOfWorkflowId('bench-1')).toBeUndefined();
  });
});

describe('tracing is off unless the OTEL_* variables ask for it', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }, false],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, false],
  ])('%j → %s', (env, expected) => {
    expect(tracingRequested(env)).toBe(expected);
  });
});
