import { randomUUID } from 'node:crypto';
import { ParticipantRefusal } from '../errors.js';
import type { Shipment, ShipmentRecord, ShipmentRequest, ShippingPort } from '../ports.js';
import { OncePerKey } from './once-per-key.js';

/** The shipping service in memory; it does not deliver to Antarctica (AQ). */
export class InMemoryShipping implements ShippingPort {
  private readonly shipments = new Map<string, ShipmentRecord>();
  private readonly once = new OncePerKey();

  schedule(request: ShipmentRequest, key: string): Promise<Shipment> {
    return this.once.run(key, () => {
      if (request.address.country === 'AQ') {
        throw new ParticipantRefusal('ADDRESS_UNDELIVERABLE', 'We do not deliver to AQ');
      }
      const shipmentId = `shp_${randomUUID()}`;
      const trackingNumber = `TRK${String(this.shipments.size + 1).padStart(8, '0')}`;
      this.shipments.set(shipmentId, {
        shipmentId,
        trackingNumber,
        orderId: request.orderId,
        status: 'SCHEDULED',
      });
      return { shipmentId, trackingNumber };
    });
  }

  cancel(shipmentId: string, key: string): Promise<void> {
    return this.once.run(key, () => {
      const shipment = this.shipments.get(shipmentId);
      if (shipment) shipment.status = 'CANCELLED';
    });
  }

  findShipments(orderId: string): Promise<ShipmentRecord[]> {
    return Promise.resolve(
      [...this.shipments.values()]
        .filter((shipment) => shipment.orderId === orderId)
        .map((shipment) => ({ ...shipment })),
    );
  }
}
