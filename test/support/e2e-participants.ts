// What the participant services hold for an order, read over HTTP through their read endpoints,
// as an operator would check a saga's effects.
import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { E2eStack } from './e2e-stack.js';

export interface ParticipantStatuses {
  /** Status of each reservation of the order: HELD, CONFIRMED, RELEASED, EXPIRED. */
  reservations: string[];
  /** SUCCEEDED, REQUIRES_ACTION, DECLINED, REFUNDED, CANCELED. */
  charges: string[];
  /** SCHEDULED, CANCELLED. */
  shipments: string[];
}

/** What a COMPLETED order leaves: stock taken, card charged, shipment scheduled. */
export const COMPLETED_STATUSES: ParticipantStatuses = {
  reservations: ['CONFIRMED'],
  charges: ['SUCCEEDED'],
  shipments: ['SCHEDULED'],
};

export async function participantStatuses(
  stack: E2eStack,
  orderId: string,
): Promise<ParticipantStatuses> {
  const { inventory, payment, shipping } = stack.services;
  const [reservations, charges, shipments] = await Promise.all([
    statuses(`${inventory.url}/reservations?orderId=${orderId}`),
    statuses(`${payment.url}/charges?orderId=${orderId}`),
    statuses(`${shipping.url}/shipments?orderId=${orderId}`),
  ]);
  return { reservations, charges, shipments };
}

async function statuses(url: string): Promise<string[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const records = (await response.json()) as { status: string }[];
  return records.map((record) => record.status);
}

/** The customer at the bank: passes or fails the card's challenge at the payment service. */
export async function authenticateCharge(
  authenticateUrl: string,
  result: 'approve' | 'deny',
): Promise<void> {
  const response = await fetch(authenticateUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ result }),
  });
  expect({ status: response.status, body: await response.text() }).toMatchObject({
    status: 200,
  });
}
