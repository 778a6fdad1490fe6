import { z } from 'zod';
import { safeText } from '../../lib/nest/index.js';
import { orderIdField } from '../../lib/participant/index.js';

export const chargeRequest = z.strictObject({
  orderId: orderIdField,
  customerId: safeText({ max: 200 }),
  amount: z.number().int().positive().max(2_000_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  token: safeText({ max: 200 }),
});

export type ChargeRequest = z.infer<typeof chargeRequest>;

/** The customer's answer to the card's challenge, as the bank reports it. */
export const authenticationRequest = z.strictObject({
  result: z.enum(['approve', 'deny']),
});

export type AuthenticationRequest = z.infer<typeof authenticationRequest>;
