// What must hold once every order has finished, checked against the participants' own records.
import type { OrderOutcome } from './order-driver.js';
import type { OrderRecords, Product } from './participants-client.js';

export interface Violation {
  orderId?: string;
  rule: string;
  detail: string;
}

/** Cards and addresses with which an order can never complete. */
const NEVER_COMPLETES = new Set(['tok_chargeDeclined', 'tok_insufficientFunds']);

/** The lifecycle event that ends an order of each final status. */
export const FINAL_EVENT_TYPES: Readonly<Record<string, string>> = {
  COMPLETED: 'checkout.order.completed',
  FAILED: 'checkout.order.failed',
  CANCELLED: 'checkout.order.cancelled',
};

/** The types of the events GET /orders/{id}/events listed for a finished order, if it answered. */
export interface ListedEvents {
  orderId: string;
  status: string;
  types?: string[];
  /** Why no list was read (the last answer), when `types` is missing. */
  problem?: string;
}

/** A finished order's events include the lifecycle event of its status, and no other final one. */
export function finalEventViolations(listed: ListedEvents): Violation[] {
  const { orderId, status, types, problem } = listed;
  const expected = FINAL_EVENT_TYPES[status];
  if (expected === undefined) return [];
  const others = Object.values(FINAL_EVENT_TYPES).filter(
    (type) => type !== expected && types?.includes(type),
  );
  if (types?.includes(expected) && others.length === 0) return [];
  return [
    {
      orderId,
      rule: 'a finished order lists its final lifecycle event (GET /orders/{id}/events)',
      detail: types
        ? `${status}: expected ${expected}, listed ${types.join(', ') || 'nothing'}`
        : `${status}: no event list (${problem ?? 'no answer'})`,
    },
  ];
}

export function orderViolations(outcome: OrderOutcome, records?: OrderRecords): Violation[] {
  const { plan, orderId, final } = outcome;
  const violations: Violation[] = [];
  const add = (rule: string, detail: string) => {
    violations.push({ ...(orderId ? { orderId } : {}), rule, detail: `${detail} [${plan.label}]` });
  };
  if (outcome.placementProblem) add('order placed', outcome.placementProblem);
  if (outcome.duplicateOrderIds.length > 1) {
    add('one order per Idempotency-Key', `got ${outcome.duplicateOrderIds.join(', ')}`);
  }
  if (!orderId) return violations;
  if (!final) {
    add('no order stuck', `still ${outcome.statusesSeen.at(-1) ?? 'unknown'} at the deadline`);
    return violations;
  }
  const accepted = outcome.cancels.find(({ answers }) => answers.includes(202));
  if (accepted && final.status !== 'CANCELLED') {
    add(
      'an accepted cancel ends CANCELLED',
      `cancel sent at ${accepted.seenStatus} got 202, order ended ${final.status}`,
    );
  }
  if (final.status === 'COMPLETED') {
    if (NEVER_COMPLETES.has(plan.body.paymentToken))
      add('declined card never completes', 'COMPLETED');
    if (plan.body.shippingAddress.country === 'AQ')
      add('undeliverable address never completes', 'COMPLETED');
    if (plan.challenge === 'deny' && outcome.challengeResult?.startsWith('deny:200')) {
      add('denied challenge never completes', 'COMPLETED');
    }
  }
  if (!records) return violations;
  const { reservations, charges, shipments } = records;
  const count = (list: { status: string }[], status: string) =>
    list.filter((record) => record.status === status).length;
  const describe = () =>
    `reservations ${statuses(reservations)}, charges ${statuses(charges)}, shipments ${statuses(shipments)}`;
  if (final.status === 'COMPLETED') {
    const succeeded = charges.filter(({ status }) => status === 'SUCCEEDED');
    const total = final.total?.amount;
    const ok =
      count(reservations, 'CONFIRMED') === 1 &&
      count(reservations, 'HELD') === 0 &&
      succeeded.length === 1 &&
      succeeded[0]?.amount === total &&
      count(charges, 'REQUIRES_ACTION') === 0 &&
      count(shipments, 'SCHEDULED') === 1;
    if (!ok) {
      add(
        'COMPLETED: one confirmed reservation, one succeeded charge of the total, one scheduled shipment',
        `${describe()}; total ${total ?? '?'}, charged ${succeeded.map(({ amount }) => amount).join('+') || 0}`,
      );
    }
  } else {
    const held =
      count(reservations, 'HELD') +
      count(reservations, 'CONFIRMED') +
      count(charges, 'SUCCEEDED') +
      count(charges, 'REQUIRES_ACTION') +
      count(shipments, 'SCHEDULED');
    if (held > 0) add(`${final.status}: nothing held, charged or scheduled`, describe());
  }
  return violations;
}

/** Per SKU: on hand = before − confirmed; reserved = held; never negative while it ran. */
export function stockViolations(
  before: Product[],
  after: Product[],
  allRecords: OrderRecords[],
  negativeSamples: string[],
): Violation[] {
  const violations: Violation[] = negativeSamples.map((detail) => ({
    rule: 'stock never negative',
    detail,
  }));
  const confirmed = new Map<string, number>();
  const held = new Map<string, number>();
  for (const { reservations } of allRecords) {
    for (const reservation of reservations) {
      const into =
        reservation.status === 'CONFIRMED'
          ? confirmed
          : reservation.status === 'HELD'
            ? held
            : undefined;
      for (const line of reservation.lines)
        into?.set(line.sku, (into.get(line.sku) ?? 0) + line.quantity);
    }
  }
  for (const start of before) {
    const end = after.find(({ sku }) => sku === start.sku);
    if (!end) {
      violations.push({ rule: 'stock conserved', detail: `${start.sku} is gone from the catalog` });
      continue;
    }
    const expectedOnHand = start.available + start.reserved - (confirmed.get(start.sku) ?? 0);
    const expectedReserved = start.reserved + (held.get(start.sku) ?? 0);
    const onHand = end.available + end.reserved;
    if (onHand !== expectedOnHand || end.reserved !== expectedReserved) {
      violations.push({
        rule: 'stock conserved',
        detail:
          `${start.sku}: on hand ${onHand} (expected ${expectedOnHand}), reserved ${end.reserved} ` +
          `(expected ${expectedReserved}), confirmed ${confirmed.get(start.sku) ?? 0}`,
      });
    }
    if (end.available < 0 || end.reserved < 0) {
      violations.push({
        rule: 'stock never negative',
        detail: `${start.sku} ends ${JSON.stringify(end)}`,
      });
    }
  }
  return violations;
}

function statuses(records: { status: string }[]): string {
  return records.length === 0 ? 'none' : records.map(({ status }) => status).join('+');
}
