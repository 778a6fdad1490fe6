import { z } from 'zod';

/** What the activities rely on in the participants' answers (extra fields are ignored). */

const money = z.object({ amount: z.number().int(), currency: z.string() });

const pricedItem = z.object({
  sku: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
});

export const reservation = z.object({
  reservationId: z.string(),
  lines: z.array(pricedItem),
  total: money,
  expiresAt: z.string(),
});

export const reservationRecords = z.array(
  z.object({
    reservationId: z.string(),
    orderId: z.string(),
    status: z.enum(['HELD', 'CONFIRMED', 'RELEASED', 'EXPIRED']),
    lines: z.array(pricedItem),
  }),
);

export const charge = z.object({
  chargeId: z.string(),
  status: z.enum(['SUCCEEDED', 'REQUIRES_ACTION']),
  nextAction: z.object({ url: z.string() }).optional(),
});

export const chargeRecord = z.object({
  chargeId: z.string(),
  orderId: z.string(),
  amount: z.number().int(),
  status: z.enum(['SUCCEEDED', 'REQUIRES_ACTION', 'DECLINED', 'REFUNDED', 'CANCELED']),
});

export const chargeRecords = z.array(chargeRecord);

export const shipment = z.object({ shipmentId: z.string(), trackingNumber: z.string() });

export const shipmentRecords = z.array(
  z.object({
    shipmentId: z.string(),
    orderId: z.string(),
    status: z.enum(['SCHEDULED', 'CANCELLED']),
    trackingNumber: z.string(),
  }),
);

/** Any 2xx body: confirm, release, refund and cancel answer with their outcome, unused here. */
export const acknowledgement = z.unknown();
