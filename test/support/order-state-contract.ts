import { z } from 'zod';
import { ORDER_STATUSES } from '../../workflows/checkout/order.js';

const isoTime = z.iso.datetime();

const attemptError = z.strictObject({
  attempt: z.number().int().positive(),
  at: isoTime,
  type: z.string(),
  message: z.string(),
});

const attempts = {
  activityId: z.string().optional(),
  lastError: z.string().optional(),
  nextAttemptAt: isoTime.optional(),
  errors: z.array(attemptError),
};

const step = z.strictObject({
  name: z.string(),
  kind: z.enum(['compensatable', 'pivot', 'retriable']),
  status: z.enum(['RUNNING', 'RETRYING', 'COMPLETED', 'FAILED', 'CANCELLED']),
  attempts: z.number().int().positive(),
  startedAt: isoTime,
  finishedAt: isoTime.optional(),
  ...attempts,
});

const compensation = z.strictObject({
  name: z.string(),
  step: z.string(),
  status: z.enum(['PENDING', 'RUNNING', 'RETRYING', 'COMPLETED', 'RESOLVED_MANUALLY']),
  attempts: z.number().int().nonnegative(),
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  stuck: z.literal(true).optional(),
  ...attempts,
});

const auditEntry = z.strictObject({
  action: z.enum(['retry', 'resolve']),
  compensation: z.string(),
  by: z.string(),
  reason: z.string().optional(),
  at: isoTime,
});

/** The order state of the public HTTP contract (docs/api.md), as the getState query returns it. */
export const orderStateContract = z.strictObject({
  orderId: z.string(),
  status: z.enum(ORDER_STATUSES),
  customerId: z.string(),
  items: z.array(
    z.strictObject({
      sku: z.string(),
      quantity: z.number().int().positive(),
      unitPrice: z.number().int().nonnegative().optional(),
    }),
  ),
  total: z
    .strictObject({ amount: z.number().int().nonnegative(), currency: z.string() })
    .optional(),
  steps: z.array(step),
  compensations: z.array(compensation),
  failure: z.strictObject({ step: z.string(), code: z.string(), message: z.string() }).optional(),
  paymentConfirmationDeadline: isoTime.optional(),
  paymentAction: z.strictObject({ url: z.string(), expiresAt: isoTime }).optional(),
  audit: z.array(auditEntry).optional(),
  trackingNumber: z.string().optional(),
});
