import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { loadEnv, logLevel, port } from '../../lib/config/index.js';
import {
  loadParticipantsConfig,
  participantsEnv,
  type ParticipantsConfig,
} from '../../lib/participant/participants-env.js';
import { payloadCodecEnv, type PayloadEncryptionKey } from '../../lib/payload-codec/index.js';
import { loadTemporalConfig, temporalEnv, type TemporalConfig } from '../../lib/temporal/index.js';
import { authEnv, checkOneKeySource, toAuthConfig, type AuthConfig } from './auth/auth-env.js';
import { codecEnv, type CodecConfig } from './codec/codec-env.js';
import {
  checkoutPolicyEnv,
  toCheckoutPolicy,
  type CheckoutPolicy,
} from './orders/checkout-policy.js';
import {
  orderIntakeEnv,
  toOrderIntakeConfig,
  type OrderIntakeConfig,
} from './orders/order-intake-env.js';
import {
  readModelEnv,
  toReadModelConfig,
  type ReadModelConfig,
} from './read-model/read-model-env.js';

/** Every variable the API reads; the keys are the variable names. */
export const apiEnv = z
  .object({
    PORT: port(3000).describe('HTTP port to listen on.'),
    HOST: z.string().min(1).default('0.0.0.0').describe('Network interface to listen on.'),
    LOG_LEVEL: logLevel,
    ...temporalEnv.shape,
    ...participantsEnv.shape,
    ...payloadCodecEnv.shape,
    ...codecEnv.shape,
    ...authEnv.shape,
    ...checkoutPolicyEnv.shape,
    ...orderIntakeEnv.shape,
    ...readModelEnv.shape,
    PAYMENT_WEBHOOK_SECRET: z
      .string({ error: 'is required: the secret the payment service signs its webhooks with' })
      .min(32, { error: 'must be at least 32 characters' })
      .describe('Shared secret of the payment webhooks (HMAC-SHA256), at least 32 characters.'),
  })
  .superRefine(checkOneKeySource);

export interface ApiConfig {
  port: number;
  host: string;
  logLevel: LevelWithSilent;
  temporal: TemporalConfig;
  /** Encrypt what the API's Temporal client sends and decrypt what it reads. */
  payloadEncryptionKeys: PayloadEncryptionKey[];
  /** Who may use POST /codec/encode and /codec/decode without a token. */
  codec: CodecConfig;
  /** The services GET /health checks. */
  participants: ParticipantsConfig;
  /** How bearer tokens are verified. */
  auth: AuthConfig;
  /** Verifies the signature of POST /webhooks/payment. */
  paymentWebhookSecret: string;
  /** The time limits every order is started with. */
  checkoutPolicy: CheckoutPolicy;
  /**
   * How long POST /orders waits for the reservation, and how many orders it places at once;
   * the variables' defaults when left out.
   */
  orderIntake?: OrderIntakeConfig;
  /** Where the order lists and events come from; the variables' defaults when left out. */
  readModel?: ReadModelConfig;
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const vars = loadEnv('API', apiEnv, env);
  return {
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    temporal: loadTemporalConfig(env),
    payloadEncryptionKeys: vars.PAYLOAD_ENCRYPTION_KEYS,
    codec: { localUiOrigins: vars.CODEC_CORS_ORIGINS },
    participants: loadParticipantsConfig(env),
    auth: toAuthConfig(vars),
    paymentWebhookSecret: vars.PAYMENT_WEBHOOK_SECRET,
    checkoutPolicy: toCheckoutPolicy(vars),
    orderIntake: toOrderIntakeConfig(vars),
    readModel: toReadModelConfig(vars),
  };
}
