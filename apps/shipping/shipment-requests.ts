import { z } from 'zod';
import { safeText } from '../../lib/nest/index.js';
import { orderIdField, skuField } from '../../lib/participant/index.js';

const text = (max: number) => safeText({ max });

export const shipmentRequest = z.strictObject({
  orderId: orderIdField,
  address: z.strictObject({
    name: text(200),
    line1: text(200),
    line2: text(200).optional(),
    city: text(100),
    postalCode: text(20),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code in upper case, such as US'),
  }),
  items: z
    .array(
      z.strictObject({
        sku: skuField,
        quantity: z.number().int().min(1).max(10_000),
      }),
    )
    .min(1)
    .max(100),
});

export type ShipmentRequest = z.infer<typeof shipmentRequest>;
