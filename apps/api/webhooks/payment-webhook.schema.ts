import { z } from 'zod';
import { ORDER_ID_PATTERN } from '../orders/order-ids.js';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The payment provider's webhook body. */
export const paymentWebhookSchema = z
  .object({
    id: z.string().regex(ID_PATTERN).describe('The event id; each is delivered once.'),
    type: z.enum(['charge.succeeded', 'charge.failed']),
    created: z.number().int().describe('Unix seconds.'),
    data: z.object({
      chargeId: z.string().regex(ID_PATTERN),
      orderId: z.string().regex(ORDER_ID_PATTERN),
    }),
  })
  .describe('A payment provider event (component PaymentWebhook).');

export type PaymentWebhook = z.output<typeof paymentWebhookSchema>;
