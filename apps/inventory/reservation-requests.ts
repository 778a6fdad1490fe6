import { z } from 'zod';
import { orderIdField, skuField } from '../../lib/participant/index.js';

export const reserveRequest = z.strictObject({
  orderId: orderIdField,
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

export type ReserveRequest = z.infer<typeof reserveRequest>;
