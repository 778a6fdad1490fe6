// The mix of orders a soak places: every test card, the undeliverable country, the scarce SKU,
// duplicates with one Idempotency-Key, cancels at every status, card challenges approved,
// denied and left to expire. Drawn from a seeded source, so a run can be repeated.
import type { Random } from './random.js';

export const TEST_TOKENS = [
  'tok_visa',
  'tok_chargeDeclined',
  'tok_insufficientFunds',
  'tok_requiresAction',
] as const;
export type TestToken = (typeof TEST_TOKENS)[number];

/** Statuses a cancel is aimed at; from CONFIRMING on it must be refused (409). */
export const CANCEL_TARGETS = [
  'PENDING',
  'RESERVING_INVENTORY',
  'CHARGING_PAYMENT',
  'AWAITING_PAYMENT_CONFIRMATION',
  'SCHEDULING_SHIPPING',
  'CONFIRMING',
  'COMPLETED',
] as const;
export type CancelTarget = (typeof CANCEL_TARGETS)[number];

export type CancelPlan =
  | { kind: 'none' }
  | { kind: 'immediate' }
  | { kind: 'afterDelay'; delayMs: number }
  | { kind: 'onStatus'; status: CancelTarget };

export type ChallengePlan = 'approve' | 'deny' | 'expire';
export type DuplicatePlan = 'none' | 'sequential' | 'concurrent';

export const SCARCE_SKU = 'SKU-SCARCE';
const REGULAR_SKUS = ['SKU-001', 'SKU-002', 'SKU-003', 'SKU-004'] as const;
const CHALLENGES: readonly ChallengePlan[] = ['approve', 'deny', 'expire'];
const CUSTOMERS = 5;

export interface OrderRequestBody {
  customerId: string;
  items: { sku: string; quantity: number }[];
  paymentToken: TestToken;
  shippingAddress: {
    name: string;
    line1: string;
    city: string;
    postalCode: string;
    country: string;
  };
}

export interface OrderPlan {
  index: number;
  customerId: string;
  body: OrderRequestBody;
  duplicate: DuplicatePlan;
  cancel: CancelPlan;
  /** For tok_requiresAction: what the customer does at the bank's challenge. */
  challenge?: ChallengePlan;
  /** Short description for the report: `tok_visa US dup:concurrent cancel@SCHEDULING_SHIPPING`. */
  label: string;
}

export function planOrders(count: number, random: Random): OrderPlan[] {
  let cancels = 0;
  return Array.from({ length: count }, (_, index) => {
    const cancel = random.chance(0.35) ? planCancel(cancels++, random) : NO_CANCEL;
    return planOrder(index, cancel, random);
  });
}

const NO_CANCEL: CancelPlan = { kind: 'none' };

function planOrder(index: number, cancel: CancelPlan, random: Random): OrderPlan {
  let paymentToken = tokenFor(index, random);
  let country = random.chance(0.08) ? 'AQ' : 'US';
  let scarce = random.chance(0.1);
  // A cancel aimed at a status needs an order that gets there.
  if (cancel.kind === 'onStatus') {
    if (cancel.status === 'AWAITING_PAYMENT_CONFIRMATION') paymentToken = 'tok_requiresAction';
    if (['SCHEDULING_SHIPPING', 'CONFIRMING', 'COMPLETED'].includes(cancel.status)) {
      paymentToken = 'tok_visa';
      country = 'US';
      scarce = false;
    }
  }
  const customerId = `cus_soak_${(index % CUSTOMERS) + 1}`;
  const items = scarce ? [{ sku: SCARCE_SKU, quantity: random.int(1, 2) }] : regularItems(random);
  const challenge =
    paymentToken === 'tok_requiresAction'
      ? (CHALLENGES[index % CHALLENGES.length] ?? 'approve')
      : undefined;
  const duplicate: DuplicatePlan = random.chance(0.2)
    ? random.pick(['sequential', 'concurrent'] as const)
    : 'none';
  const body: OrderRequestBody = {
    customerId,
    items,
    paymentToken,
    shippingAddress: {
      name: 'Soak Tester',
      line1: `${index + 1} Load Lane`,
      city: 'Springfield',
      postalCode: '12345',
      country,
    },
  };
  const label = [
    paymentToken,
    country,
    scarce ? 'scarce' : undefined,
    challenge ? `challenge:${challenge}` : undefined,
    duplicate === 'none' ? undefined : `dup:${duplicate}`,
    describeCancel(cancel),
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  return {
    index,
    customerId,
    body,
    duplicate,
    cancel,
    ...(challenge ? { challenge } : {}),
    label,
  };
}

/** The first four orders use each test card once; then a weighted draw. */
function tokenFor(index: number, random: Random): TestToken {
  const first = TEST_TOKENS[index];
  if (first) return first;
  const draw = random.next();
  if (draw < 0.5) return 'tok_visa';
  if (draw < 0.6) return 'tok_chargeDeclined';
  if (draw < 0.7) return 'tok_insufficientFunds';
  return 'tok_requiresAction';
}

/** The n-th cancel of the run: they go round every status, then immediate, then after a delay. */
function planCancel(cancelNumber: number, random: Random): CancelPlan {
  const kinds = CANCEL_TARGETS.length + 2;
  const slot = cancelNumber % kinds;
  const status = CANCEL_TARGETS[slot];
  if (status) return { kind: 'onStatus', status };
  if (slot === CANCEL_TARGETS.length) return { kind: 'immediate' };
  return { kind: 'afterDelay', delayMs: random.int(0, 4000) };
}

function regularItems(random: Random): OrderRequestBody['items'] {
  const lines = random.int(1, 2);
  const skus = new Set<string>();
  while (skus.size < lines) skus.add(random.pick(REGULAR_SKUS));
  return [...skus].map((sku) => ({ sku, quantity: random.int(1, 3) }));
}

function describeCancel(cancel: CancelPlan): string | undefined {
  switch (cancel.kind) {
    case 'none':
      return undefined;
    case 'immediate':
      return 'cancel:immediate';
    case 'afterDelay':
      return `cancel:after-${cancel.delayMs}ms`;
    case 'onStatus':
      return `cancel@${cancel.status}`;
  }
}
