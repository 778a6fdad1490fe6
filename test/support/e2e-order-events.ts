// An order's domain events as a customer reads them (GET /orders/{orderId}/events), and how soon
// the order's listing (GET /orders) follows the workflow's close, on the stack of npm start.
import { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import { expect } from '@jest/globals';
import type { OrderPage } from '../../apps/api/orders/order-gateway.js';
import type { OrderEventList } from '../../apps/api/orders/order-read-model.js';
import { topicOf, validateEvent, type CloudEvent, type EventType } from '../../lib/events/index.js';
import type { OrderStatus } from '../../workflows/checkout/order.js';
import type { ApiClient } from './api-http.js';

/**
 * Events whose relative order is guaranteed, stage after stage; the types within one stage come
 * from concurrent work (compensations unwinding in parallel), so their order may vary.
 */
export type EventStages = readonly (readonly EventType[])[];

const POLL_INTERVAL_MS = 100;

/**
 * Polls the order's events until every expected event is there (its final lifecycle event
 * included) or `timeoutMs` passes, then reads them once more after `settleMs`, so that a
 * duplicate or an extra event arriving late shows. Returns what the last read served.
 */
export async function settledOrderEvents(
  customer: ApiClient,
  orderId: string,
  expected: { finalType: EventType; count: number },
  { timeoutMs = 10_000, settleMs = 1_000 } = {},
): Promise<unknown[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const served = await readOrderEvents(customer, orderId);
    const types = served.map((event) => (event as { type?: unknown }).type);
    if (types.includes(expected.finalType) && served.length >= expected.count) break;
    if (Date.now() > deadline) {
      throw new Error(
        `After ${timeoutMs} ms, order ${orderId} has ${served.length} of ${expected.count} events, ` +
          `waiting for ${expected.finalType}: ${JSON.stringify(types)}`,
      );
    }
    await pause(POLL_INTERVAL_MS);
  }
  await pause(settleMs);
  return readOrderEvents(customer, orderId);
}

/** GET /orders/{orderId}/events; none while the read model does not know the order yet (404). */
export async function readOrderEvents(customer: ApiClient, orderId: string): Promise<unknown[]> {
  const response = await customer.get<OrderEventList>(`/orders/${orderId}/events`);
  if (response.status === 404) return [];
  expect({ status: response.status, body: response.body }).toMatchObject({ status: 200 });
  return response.body.events;
}

/**
 * Checks each event against its type's schema (which also makes subject equal data.orderId) and
 * that it is about this order; returns them typed.
 */
export function validOrderEvents(events: unknown[], orderId: string): CloudEvent[] {
  return events.map((event) => {
    const valid = validateEvent(event);
    expect({ id: valid.id, subject: valid.subject }).toEqual({ id: valid.id, subject: orderId });
    return valid;
  });
}

/**
 * The served types grouped as the stages are (same sizes, in order), each group sorted: equal to
 * the stages, each sorted, exactly when the sequence is right up to the order within a stage.
 */
export function typesByStage(types: readonly string[], stages: EventStages): string[][] {
  let start = 0;
  const grouped = stages.map((stage) => {
    const group = types.slice(start, start + stage.length);
    start += stage.length;
    return [...group].sort();
  });
  return start < types.length ? [...grouped, [...types.slice(start)]] : grouped;
}

export function sortedStages(stages: EventStages): string[][] {
  return stages.map((stage) => [...stage].sort());
}

/** Each topic's event types, in the order served. */
export function typesByTopic(types: readonly EventType[]): Record<string, EventType[]> {
  const byTopic: Record<string, EventType[]> = {};
  for (const type of types) (byTopic[topicOf(type)] ??= []).push(type);
  return byTopic;
}

/**
 * Every property name and string value anywhere in the events, for the check that none is a
 * payment token, a name or an address.
 */
export function keysAndStrings(value: unknown): { keys: string[]; strings: string[] } {
  const keys: string[] = [];
  const strings: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') strings.push(node);
    else if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        keys.push(key);
        visit(child);
      }
    }
  };
  visit(value);
  return { keys, strings };
}

/**
 * Polls GET /orders as the owner every `intervalMs` until the order is listed with `status`;
 * resolves with the wall clock (ms) of the first answer that listed it so.
 */
export async function firstListedWith(
  customer: ApiClient,
  orderId: string,
  status: OrderStatus,
  { intervalMs = 20, timeoutMs = 60_000 } = {},
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await customer.get<OrderPage>('/orders');
    const listed = response.status === 200 ? response.body.orders : [];
    if (listed.some((order) => order.orderId === orderId && order.status === status)) {
      return Date.now();
    }
    if (Date.now() > deadline) {
      throw new Error(`Order ${orderId} not listed ${status} after ${timeoutMs} ms`);
    }
    await pause(intervalMs);
  }
}

/**
 * The workflow's close time (ms) as Temporal recorded it, read raw: the client's describe() would
 * decode the memo, which the stack encrypts with keys this process does not hold.
 */
export async function workflowCloseTime(
  temporalAddress: string,
  workflowId: string,
): Promise<number | undefined> {
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const { workflowExecutionInfo } = await connection.workflowService.describeWorkflowExecution({
      namespace: 'default',
      execution: { workflowId },
    });
    return optionalTsToMs(workflowExecutionInfo?.closeTime);
  } finally {
    await connection.close();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
