import type { OrderStatus } from '../../../workflows/checkout/order.js';
import { statusAfter } from './order-status.js';

/** What the projection reads from a CloudEvent; every event type of the topics has it. */
export interface ProjectedEvent {
  id: string;
  type: string;
  time: string;
  data: { orderId: string };
}

export interface Money {
  amount: number;
  currency: string;
}

/**
 * An order's row as a fold of its events. Merging two changes is associative, and commutative
 * but for ties that real event streams do not produce (two final events for one order), so the
 * row does not depend on the order the events arrive in, nor on how they are batched.
 */
export interface OrderChange {
  orderId: string;
  customerId: string | undefined;
  status: OrderStatus;
  statusRank: number;
  total: Money | undefined;
  /** 0 without a total; the lifecycle's total outranks the reservation's, which outranks a charge's. */
  totalRank: number;
  createdAt: Date;
  placed: boolean;
  updatedAt: Date;
  lastEventId: string;
  lastEventType: string;
  eventCount: number;
}

const LIFECYCLE_TOTAL_RANK = 3;
const RESERVATION_TOTAL_RANK = 2;
const CHARGE_TOTAL_RANK = 1;

/** The change one event makes to its order's row. */
export function orderChangeOf(event: ProjectedEvent): OrderChange {
  const time = new Date(event.time);
  const ranked = statusAfter(event.type) ?? { status: 'PENDING', rank: 0 };
  const total = totalOf(event.type, event.data as { total?: unknown; amount?: unknown });
  const { customerId } = event.data as { customerId?: unknown };
  return {
    orderId: event.data.orderId,
    customerId: typeof customerId === 'string' ? customerId : undefined,
    status: ranked.status,
    statusRank: ranked.rank,
    total: total?.money,
    totalRank: total?.rank ?? 0,
    createdAt: time,
    placed: event.type === 'checkout.order.placed',
    updatedAt: time,
    lastEventId: event.id,
    lastEventType: event.type,
    eventCount: 1,
  };
}

/** `current` with `next` applied; the same rules as the SQL upsert of the projection store. */
export function mergeChanges(current: OrderChange, next: OrderChange): OrderChange {
  const statusMoves = next.statusRank > current.statusRank;
  const totalMoves = next.totalRank > current.totalRank;
  const nextIsLater = isLater(next, current);
  return {
    orderId: current.orderId,
    customerId: current.customerId ?? next.customerId,
    status: statusMoves ? next.status : current.status,
    statusRank: Math.max(current.statusRank, next.statusRank),
    total: totalMoves ? next.total : current.total,
    totalRank: Math.max(current.totalRank, next.totalRank),
    createdAt: current.placed
      ? current.createdAt
      : next.placed
        ? next.createdAt
        : new Date(Math.min(current.createdAt.getTime(), next.createdAt.getTime())),
    placed: current.placed || next.placed,
    updatedAt: nextIsLater ? next.updatedAt : current.updatedAt,
    lastEventId: nextIsLater ? next.lastEventId : current.lastEventId,
    lastEventType: nextIsLater ? next.lastEventType : current.lastEventType,
    eventCount: current.eventCount + next.eventCount,
  };
}

/** Later by event time; the event id breaks a tie, so that it does not depend on arrival. */
function isLater(next: OrderChange, current: OrderChange): boolean {
  const difference = next.updatedAt.getTime() - current.updatedAt.getTime();
  return difference > 0 || (difference === 0 && next.lastEventId > current.lastEventId);
}

function totalOf(
  type: string,
  data: { total?: unknown; amount?: unknown },
): { money: Money; rank: number } | undefined {
  if (type.startsWith('checkout.order.')) {
    const money = moneyOf(data.total);
    return money && { money, rank: LIFECYCLE_TOTAL_RANK };
  }
  if (type === 'inventory.reservation.held') {
    const money = moneyOf(data.total);
    return money && { money, rank: RESERVATION_TOTAL_RANK };
  }
  if (type.startsWith('payment.charge.')) {
    const money = moneyOf(data.amount);
    return money && { money, rank: CHARGE_TOTAL_RANK };
  }
  return undefined;
}

function moneyOf(value: unknown): Money | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return undefined;
  if (typeof currency !== 'string') return undefined;
  return { amount, currency };
}
