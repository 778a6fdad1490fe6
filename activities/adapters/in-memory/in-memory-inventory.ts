import { randomUUID } from 'node:crypto';
import { ParticipantRefusal } from '../errors.js';
import type { InventoryPort, Reservation, ReservationRecord } from '../ports.js';
import type { OrderItem } from '../../../workflows/checkout/order.js';
import { OncePerKey } from './once-per-key.js';

/** A small catalog; SKU-SCARCE has 5 in stock. Prices in cents. */
export const IN_MEMORY_CATALOG: Readonly<Record<string, { price: number; stock: number }>> = {
  'SKU-001': { price: 24900, stock: 1000 },
  'SKU-002': { price: 1500, stock: 1000 },
  'SKU-SCARCE': { price: 9900, stock: 5 },
};

/** The inventory service in memory: reservations hold stock until released or confirmed. */
export class InMemoryInventory implements InventoryPort {
  private readonly available = new Map(
    Object.entries(IN_MEMORY_CATALOG).map(([sku, { stock }]) => [sku, stock]),
  );
  private readonly reservations = new Map<string, ReservationRecord>();
  private readonly once = new OncePerKey();

  reserve(request: { orderId: string; items: OrderItem[] }, key: string): Promise<Reservation> {
    return this.once.run(key, () => {
      const lines = request.items.map(({ sku, quantity }) => {
        const product = IN_MEMORY_CATALOG[sku];
        if (!product) throw new ParticipantRefusal('UNKNOWN_SKU', `Unknown SKU ${sku}`);
        if ((this.available.get(sku) ?? 0) < quantity) {
          throw new ParticipantRefusal('INSUFFICIENT_STOCK', `Not enough ${sku} in stock`);
        }
        return { sku, quantity, unitPrice: product.price };
      });
      for (const { sku, quantity } of lines) {
        this.available.set(sku, (this.available.get(sku) ?? 0) - quantity);
      }
      const reservationId = `res_${randomUUID()}`;
      this.reservations.set(reservationId, {
        reservationId,
        orderId: request.orderId,
        status: 'HELD',
        lines,
      });
      const amount = lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
      const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
      return { reservationId, lines, total: { amount, currency: 'USD' }, expiresAt };
    });
  }

  confirm(reservationId: string, key: string): Promise<void> {
    return this.once.run(key, () => {
      const reservation = this.reservations.get(reservationId);
      if (reservation?.status !== 'HELD' && reservation?.status !== 'CONFIRMED') {
        throw new ParticipantRefusal('RESERVATION_EXPIRED', `Reservation ${reservationId} is gone`);
      }
      reservation.status = 'CONFIRMED';
    });
  }

  release(reservationId: string, key: string): Promise<void> {
    return this.once.run(key, () => {
      const reservation = this.reservations.get(reservationId);
      if (reservation?.status !== 'HELD') return;
      reservation.status = 'RELEASED';
      for (const { sku, quantity } of reservation.lines) {
        this.available.set(sku, (this.available.get(sku) ?? 0) + quantity);
      }
    });
  }

  findReservations(orderId: string): Promise<ReservationRecord[]> {
    return Promise.resolve(
      [...this.reservations.values()]
        .filter((reservation) => reservation.orderId === orderId)
        .map((reservation) => ({ ...reservation })),
    );
  }
}
