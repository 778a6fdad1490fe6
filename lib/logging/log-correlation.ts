import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { currentOrderId } from './order-context.js';

export interface CorrelationFields {
  trace_id?: string;
  span_id?: string;
  orderId?: string;
}

/**
 * pino's mixin: every line written while a span is active carries its trace and span ids, and
 * every line written for an order carries its id, so that one grep follows an order through
 * every process. A line that names its order itself (a binding or a field) keeps its own.
 */
export function correlationFields(
  _fields: object,
  _level: number,
  logger: Logger,
): CorrelationFields {
  const fields: CorrelationFields = {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) {
    fields.trace_id = spanContext.traceId;
    fields.span_id = spanContext.spanId;
  }
  const orderId = currentOrderId();
  if (orderId !== undefined && !('orderId' in logger.bindings())) fields.orderId = orderId;
  return fields;
}
