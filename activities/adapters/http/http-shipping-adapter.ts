import type { Shipment, ShipmentRecord, ShipmentRequest, ShippingPort } from '../ports.js';
import type { ParticipantHttpClient } from './participant-http-client.js';
import * as schemas from './response-schemas.js';

export class HttpShippingAdapter implements ShippingPort {
  constructor(private readonly http: ParticipantHttpClient) {}

  schedule(request: ShipmentRequest, idempotencyKey: string): Promise<Shipment> {
    return this.http.post('/shipments', idempotencyKey, request, schemas.shipment);
  }

  /** Cancelled and unknown shipments answer 200 too: nothing to undo. */
  async cancel(shipmentId: string, idempotencyKey: string): Promise<void> {
    await this.http.post(
      `/shipments/${encodeURIComponent(shipmentId)}/cancel`,
      idempotencyKey,
      undefined,
      schemas.acknowledgement,
    );
  }

  findShipments(orderId: string): Promise<ShipmentRecord[]> {
    return this.http.get(
      `/shipments?orderId=${encodeURIComponent(orderId)}`,
      schemas.shipmentRecords,
    );
  }
}
