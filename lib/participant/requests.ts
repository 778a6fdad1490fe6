import { z } from 'zod';

/** `GET /<things>?orderId=`: how compensations find what a step did. */
export const orderIdQuery = z.object({
  orderId: z.string().min(1).max(200),
});

export type OrderIdQuery = z.infer<typeof orderIdQuery>;

/** Ids from the path: anything unknown is a 404 or a no-op, never a 400. */
export const orderIdField = z.string().trim().min(1).max(200);
