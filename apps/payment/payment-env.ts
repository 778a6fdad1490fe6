import { loadEnv } from '../../lib/config/index.js';
import {
  participantServiceEnv,
  toServiceConfig,
  type ParticipantServiceConfig,
} from '../../lib/participant/index.js';

export const paymentEnv = participantServiceEnv({ port: 3002, database: 'payment' });

export type PaymentConfig = ParticipantServiceConfig;

export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  return toServiceConfig(loadEnv('payment', paymentEnv, env));
}
