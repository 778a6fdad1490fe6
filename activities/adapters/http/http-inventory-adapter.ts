import type { OrderItem } from '../../../workflows/checkout/order.js';
import type { InventoryPort, Reservation, ReservationRecord } from '../ports.js';
import type { ParticipantHttpClient } from './participant-http-client.js';
import * as schemas from './response-schemas.js';

export class HttpInventoryAdapter implements InventoryPort {
  constructor(private readonly http: ParticipantHttpClient) {}

  reserve(
    request: { orderId: string; items: OrderItem[] },
    idempotencyKey: string,
  ): Promise<Reservation> {
    return this.http.post('/reservations', idempotencyKey, request, schemas.reservation);
  }

  async confirm(reservationId: string, idempotencyKey: string): Promise<void> {
    await this.http.post(
      `/reservations/${encodeURIComponent(reservationId)}/confirm`,
      idempotencyKey,
      undefined,
      schemas.acknowledgement,
    );
  }

  /** Released, expired and unknown reservations answer 200 too: nothing to undo. */
  async release(reservationId: string, idempotencyKey: string): Promise<void> {
    await this.http.post(
      `/reservations/${encodeURIComponent(reservationId)}/release`,
      idempotencyKey,
      undefined,
      schemas.acknowledgement,
    );
  }

  findReservations(orderId: string): Promise<ReservationRecord[]> {
    return this.http.get(
      `/reservations?orderId=${encodeURIComponent(orderId)}`,
      schemas.reservationRecords,
    );
  }
}
