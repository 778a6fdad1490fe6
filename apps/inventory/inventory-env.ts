import { z } from 'zod';
import { loadEnv } from '../../lib/config/index.js';
import {
  participantServiceEnv,
  toServiceConfig,
  type ParticipantServiceConfig,
} from '../../lib/participant/index.js';

export const inventoryEnv = participantServiceEnv({ port: 3001, database: 'inventory' }).extend({
  RESERVATION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30 * 60)
    .describe(
      'How long an unconfirmed reservation holds its stock; longer than the 10-minute payment-confirmation deadline.',
    ),
  RESERVATION_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(10)
    .default(10_000)
    .describe('How often expired reservations are released.'),
});

export interface InventoryConfig extends ParticipantServiceConfig {
  reservationTtlSeconds: number;
  sweepIntervalMs: number;
}

export function loadInventoryConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  const vars = loadEnv('inventory', inventoryEnv, env);
  return {
    ...toServiceConfig(vars),
    reservationTtlSeconds: vars.RESERVATION_TTL_SECONDS,
    sweepIntervalMs: vars.RESERVATION_SWEEP_INTERVAL_MS,
  };
}
