import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ProblemException } from '../../lib/nest/index.js';
import {
  Database,
  recordEvent,
  refusalKeepingEffect,
  success,
  type Outcome,
  type Sql,
} from '../../lib/participant/index.js';
import type { OrderItem, PricedItem } from '../../workflows/checkout/order.js';
import { INVENTORY_SETTINGS, type InventorySettings } from './inventory-settings.js';
import { findProducts, holdStock, settleHeldStock } from './products.repository.js';
import type { ReserveRequest } from './reservation-requests.js';
import {
  findByOrder,
  insertReservation,
  lockOverdue,
  lockReservation,
  setStatus,
  totalOf,
  type ReservationRef,
  type ReservationRow,
} from './reservations.repository.js';

/** Reservations: soft holds on stock that expire unless confirmed. Prices come from the catalog. */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly database: Database,
    @Inject(INVENTORY_SETTINGS) private readonly settings: InventorySettings,
  ) {}

  async reserve(sql: Sql, request: ReserveRequest): Promise<Outcome> {
    const requested = mergeBySku(request.items);
    const skus = requested.map((line) => line.sku);
    const catalog = await findProducts(sql, skus);
    const unknown = skus.filter((sku) => !catalog.has(sku));
    if (unknown.length > 0) {
      throw new ProblemException(422, 'UNKNOWN_SKU', `Unknown SKU: ${unknown.join(', ')}.`);
    }

    const prices = new Map<string, number>();
    for (const { sku, quantity } of [...requested].sort((a, b) => compare(a.sku, b.sku))) {
      const price = await holdStock(sql, sku, quantity);
      if (price === undefined) {
        const available = (await findProducts(sql, [sku])).get(sku)?.available ?? 0;
        throw new ProblemException(
          422,
          'INSUFFICIENT_STOCK',
          `${sku}: ${quantity} requested, ${available} available.`,
        );
      }
      prices.set(sku, price);
    }

    const lines: PricedItem[] = requested.map((line) => ({
      ...line,
      unitPrice: prices.get(line.sku) ?? missingPrice(line.sku),
    }));
    const reservationId = `res_${randomUUID()}`;
    const { expiresAt } = await insertReservation(sql, {
      id: reservationId,
      orderId: request.orderId,
      ttlSeconds: this.settings.reservationTtlSeconds,
      lines,
    });
    const reserved = {
      reservationId,
      lines,
      total: totalOf(lines),
      expiresAt: expiresAt.toISOString(),
    };
    await recordEvent(sql, 'inventory.reservation.held', {
      orderId: request.orderId,
      reservationId,
      items: lines,
      total: reserved.total,
      expiresAt: reserved.expiresAt,
    });
    return success(201, reserved);
  }

  async confirm(sql: Sql, reservationId: string): Promise<Outcome> {
    const reservation = await lockReservation(sql, reservationId);
    if (!reservation) {
      throw new ProblemException(404, 'RESERVATION_NOT_FOUND', `No reservation ${reservationId}.`);
    }
    const { orderId } = reservation;
    if (reservation.overdue) {
      await expire(sql, [{ id: reservationId, orderId }]);
      return refusalKeepingEffect(expiredProblem(reservationId));
    }
    switch (reservation.status) {
      case 'HELD':
        await settleHeldStock(sql, [reservationId], { sold: true });
        await setStatus(sql, [reservationId], 'CONFIRMED');
        await recordEvent(sql, 'inventory.reservation.confirmed', { orderId, reservationId });
        return success(200, { reservationId, status: 'CONFIRMED' });
      case 'CONFIRMED':
        return success(200, { reservationId, status: 'CONFIRMED' });
      case 'EXPIRED':
        throw expiredProblem(reservationId);
      case 'RELEASED':
        throw new ProblemException(
          409,
          'RESERVATION_RELEASED',
          `Reservation ${reservationId} was released and can no longer be confirmed.`,
        );
    }
  }

  /** A compensation: a no-op (200) for an unknown, released or expired reservation. */
  async release(sql: Sql, reservationId: string): Promise<Outcome> {
    const reservation = await lockReservation(sql, reservationId);
    if (!reservation) {
      return success(200, { reservationId, status: null, outcome: 'NOTHING_TO_UNDO' });
    }
    switch (reservation.status) {
      case 'HELD':
        await settleHeldStock(sql, [reservationId], { sold: false });
        await setStatus(sql, [reservationId], 'RELEASED');
        await recordEvent(sql, 'inventory.reservation.released', {
          orderId: reservation.orderId,
          reservationId,
        });
        return success(200, { reservationId, status: 'RELEASED', outcome: 'UNDONE' });
      case 'RELEASED':
      case 'EXPIRED':
        return success(200, {
          reservationId,
          status: reservation.status,
          outcome: 'ALREADY_UNDONE',
        });
      case 'CONFIRMED':
        throw new ProblemException(
          409,
          'RESERVATION_CONFIRMED',
          `Reservation ${reservationId} is confirmed: its stock is sold and cannot be released.`,
        );
    }
  }

  findByOrder(orderId: string): Promise<ReservationRow[]> {
    return findByOrder(this.database, orderId);
  }

  /** Releases up to `limit` overdue holds in one transaction; returns how many. */
  expireOverdue(limit: number): Promise<number> {
    return this.database.transaction(async (sql) => {
      const overdue = await lockOverdue(sql, limit);
      if (overdue.length > 0) await expire(sql, overdue);
      return overdue.length;
    });
  }
}

/** Releases the holds' stock; each gets its expired event in the same transaction. */
async function expire(sql: Sql, reservations: ReservationRef[]): Promise<void> {
  const ids = reservations.map((reservation) => reservation.id);
  await settleHeldStock(sql, ids, { sold: false });
  await setStatus(sql, ids, 'EXPIRED');
  for (const { id, orderId } of reservations) {
    await recordEvent(sql, 'inventory.reservation.expired', { orderId, reservationId: id });
  }
}

function expiredProblem(reservationId: string): ProblemException {
  return new ProblemException(
    409,
    'RESERVATION_EXPIRED',
    `Reservation ${reservationId} expired and its stock was released.`,
  );
}

/** One line per SKU, in the order the SKUs first appear. */
function mergeBySku(items: OrderItem[]): OrderItem[] {
  const quantities = new Map<string, number>();
  for (const { sku, quantity } of items) {
    quantities.set(sku, (quantities.get(sku) ?? 0) + quantity);
  }
  return [...quantities].map(([sku, quantity]) => ({ sku, quantity }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function missingPrice(sku: string): never {
  throw new Error(`No price was read for ${sku}`);
}
