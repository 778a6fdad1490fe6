import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ShipmentRecord } from '../../activities/adapters/ports.js';
import { ProblemException } from '../../lib/nest/index.js';
import {
  Database,
  recordEvent,
  success,
  type Outcome,
  type Sql,
} from '../../lib/participant/index.js';
import { isDeliverable } from './delivery-area.js';
import type { ShipmentRequest } from './shipment-requests.js';
import { findByOrder, insertShipment, lockShipment, setStatus } from './shipments.repository.js';

@Injectable()
export class ShipmentsService {
  constructor(private readonly database: Database) {}

  async schedule(sql: Sql, request: ShipmentRequest): Promise<Outcome> {
    if (!isDeliverable(request.address.country)) {
      throw new ProblemException(
        422,
        'ADDRESS_UNDELIVERABLE',
        `We do not deliver to ${request.address.country}.`,
      );
    }
    const shipmentId = `shp_${randomUUID()}`;
    const trackingNumber = `TRK${randomBytes(8).toString('hex').toUpperCase()}`;
    await insertShipment(sql, { ...request, id: shipmentId, trackingNumber });
    await recordEvent(sql, 'shipping.shipment.scheduled', {
      orderId: request.orderId,
      shipmentId,
      trackingNumber,
    });
    return success(201, { shipmentId, trackingNumber });
  }

  /** A compensation: a no-op (200) for an unknown or already cancelled shipment. */
  async cancel(sql: Sql, shipmentId: string): Promise<Outcome> {
    const shipment = await lockShipment(sql, shipmentId);
    if (!shipment) return success(200, { shipmentId, status: null, outcome: 'NOTHING_TO_UNDO' });
    if (shipment.status === 'CANCELLED') {
      return success(200, { shipmentId, status: 'CANCELLED', outcome: 'ALREADY_UNDONE' });
    }
    await setStatus(sql, shipmentId, 'CANCELLED');
    await recordEvent(sql, 'shipping.shipment.cancelled', {
      orderId: shipment.orderId,
      shipmentId,
    });
    return success(200, { shipmentId, status: 'CANCELLED', outcome: 'UNDONE' });
  }

  findByOrder(orderId: string): Promise<ShipmentRecord[]> {
    return findByOrder(this.database, orderId);
  }
}
