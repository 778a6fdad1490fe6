import { z } from 'zod';
import { loadEnv, url } from '../config/index.js';

/** Where the worker's activities find the participant services. */
export const participantsEnv = z.object({
  INVENTORY_URL: url('http://localhost:3001').describe('Base URL of the inventory service.'),
  PAYMENT_URL: url('http://localhost:3002').describe('Base URL of the payment service.'),
  SHIPPING_URL: url('http://localhost:3003').describe('Base URL of the shipping service.'),
  PARTICIPANT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(5000)
    .describe('How long one call to a participant may take before it counts as failed.'),
});

export interface ParticipantsConfig {
  inventoryUrl: string;
  paymentUrl: string;
  shippingUrl: string;
  timeoutMs: number;
}

export function loadParticipantsConfig(env: NodeJS.ProcessEnv = process.env): ParticipantsConfig {
  const vars = loadEnv('participants', participantsEnv, env);
  return {
    inventoryUrl: vars.INVENTORY_URL,
    paymentUrl: vars.PAYMENT_URL,
    shippingUrl: vars.SHIPPING_URL,
    timeoutMs: vars.PARTICIPANT_TIMEOUT_MS,
  };
}
