import { z } from 'zod';

/** `GET /<things>?orderId=`: how compensations find what a step did. */
export const orderIdQuery = z.object({
  orderId: z.string().min(1).max(200),
});

export type OrderIdQuery = z.infer<typeof orderIdQuery>;

/** The `orderId` of a mutating request's body. */
export const orderIdField = z.string().trim().min(1).max(200);
