import { loadEnv } from '../../lib/config/index.js';
import {
  participantServiceEnv,
  toServiceConfig,
  type ParticipantServiceConfig,
} from '../../lib/participant/index.js';

export const shippingEnv = participantServiceEnv({ port: 3003, database: 'shipping' });

export type ShippingConfig = ParticipantServiceConfig;

export function loadShippingConfig(env: NodeJS.ProcessEnv = process.env): ShippingConfig {
  return toServiceConfig(loadEnv('shipping', shippingEnv, env));
}
