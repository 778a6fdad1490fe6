import { z } from 'zod';
import type { ProblemDocument } from '../../../lib/nest/index.js';
import type { Assert, Same } from './same-shape.js';

/** Documents lib/nest's ProblemDocument, the body of every error. */
export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'urn:checkout-saga:problem:VALIDATION_FAILED' }),
    title: z.string().meta({ example: 'Bad Request' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().optional(),
    code: z
      .string()
      .optional()
      .describe(
        'Stable reason: VALIDATION_FAILED, ORDER_NOT_FOUND, ORDER_FINISHED, CANCELLATION_REFUSED, ' +
          'NO_PAYMENT_CONFIRMATION_AWAITED, IDEMPOTENCY_KEY_REUSED, ORDERS_UNAVAILABLE, ...',
      ),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ example: 'items[0].quantity' }),
          message: z.string().meta({ example: 'must be at least 1' }),
        }),
      )
      .optional()
      .describe('With VALIDATION_FAILED: each bad field.'),
  })
  .describe('RFC 9457 problem details, served as application/problem+json.');

export type ProblemDocumented = Assert<Same<z.output<typeof problemSchema>, ProblemDocument>>;
