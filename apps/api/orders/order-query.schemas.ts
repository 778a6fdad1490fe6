import { z } from 'zod';
import { safeText } from '../../../lib/nest/index.js';
import { ORDER_STATUSES } from '../../../workflows/checkout/order.js';
import { ORDER_ID_PATTERN } from './order-ids.js';
import { customerIdSchema } from './order-request.schema.js';

export const orderIdParamsSchema = z.object({
  orderId: z
    .string()
    .regex(ORDER_ID_PATTERN, { error: 'is not an order id' })
    .describe('The id POST /orders returned.')
    .meta({ example: 'ord_4f1c2b9e8d7a6b5c4d3e2f1a0b9c8d7e' }),
});

export type OrderIdParams = z.output<typeof orderIdParamsSchema>;

/** The form of the nextPageToken this API hands out: base64url bytes, a dot, a checksum. */
export const PAGE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{12}$/;

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export const listOrdersQuerySchema = z.strictObject({
  status: z
    .enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(', ')}` })
    .optional()
    .describe('Only orders in this status.'),
  customerId: customerIdSchema
    .optional()
    .describe('Only orders of this customer. Customers see their own orders only.'),
  stuck: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .optional()
    .describe('Operators only: orders with (true) or without (false) a stuck compensation.'),
  pageSize: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_PAGE_SIZE, { error: `must be at most ${MAX_PAGE_SIZE}` })
    .default(DEFAULT_PAGE_SIZE)
    .describe('Orders per page.'),
  pageToken: z
    .string()
    .regex(PAGE_TOKEN_PATTERN, { error: 'must be the nextPageToken of a previous page' })
    .optional()
    .describe('The nextPageToken of the previous page.'),
});

export type ListOrdersQuery = z.output<typeof listOrdersQuerySchema>;

export const cancelOrderBodySchema = z
  .strictObject(
    {
      reason: safeText({ max: 500 })
        .trim()
        .optional()
        .describe('Why the customer cancels; recorded in the order state.')
        .meta({ example: 'Changed my mind' }),
    },
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be a JSON object' : undefined) },
  )
  .optional();

export type CancelOrderBody = z.output<typeof cancelOrderBodySchema>;

/** Visible ASCII only: the key is hashed into the order id and never echoed into queries. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

export const idempotencyKeySchema = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN, { error: 'must be 1 to 255 visible ASCII characters' })
  .optional();

export const compensationParamsSchema = orderIdParamsSchema.extend({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, { error: 'is not a compensation name' })
    .describe('The compensation, as named in the order state.')
    .meta({ example: 'refundPayment' }),
});

export type CompensationParams = z.output<typeof compensationParamsSchema>;

export const resolveCompensationBodySchema = z.strictObject(
  {
    reason: safeText({ max: 500 })
      .trim()
      .describe('How the effect was undone outside the system; kept in the audit.')
      .meta({ example: 'Refunded by hand in the payment provider’s dashboard' }),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'must be a JSON object' : undefined) },
);

export type ResolveCompensationBody = z.output<typeof resolveCompensationBodySchema>;
