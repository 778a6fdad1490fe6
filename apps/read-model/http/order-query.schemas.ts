import { z } from 'zod';
import { orderIdField } from '../../../lib/participant/index.js';
import { ORDER_STATUSES } from '../../../workflows/checkout/order.js';
import { decodePageToken, type PageCursor } from './page-token.js';

const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$/;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const listOrdersQuerySchema = z.strictObject({
  customerId: z
    .string({ error: 'must be given once' })
    .regex(CUSTOMER_ID_PATTERN, {
      error: 'must be 1 to 64 letters, digits or _ . : @ - (starting with a letter or digit)',
    })
    .optional(),
  status: z
    .enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(', ')}` })
    .optional(),
  pageSize: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_PAGE_SIZE, { error: `must be at most ${MAX_PAGE_SIZE}` })
    .default(DEFAULT_PAGE_SIZE),
  pageToken: z
    .string({ error: 'must be given once' })
    .transform((token, context): PageCursor => {
      const cursor = decodePageToken(token);
      if (cursor) return cursor;
      context.addIssue({ code: 'custom', message: 'must be the nextPageToken of a previous page' });
      return z.NEVER;
    })
    .optional(),
});

export type ListOrdersQuery = z.output<typeof listOrdersQuerySchema>;

export const orderIdParamsSchema = z.strictObject({ orderId: orderIdField });

export type OrderIdParams = z.output<typeof orderIdParamsSchema>;
