import { z } from 'zod';
import { orderIdField } from '../../lib/participant/index.js';

export const reserveRequest = z.object({
  orderId: orderIdField,
  items: z
    .array(
      z.object({
        sku: z.string().trim().min(1).max(64),
        quantity: z.number().int().min(1).max(10_000),
      }),
    )
    .min(1)
    .max(100),
});

export type ReserveRequest = z.infer<typeof reserveRequest>;
