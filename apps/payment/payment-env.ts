import { z } from 'zod';
import { loadEnv } from '../../lib/config/index.js';
import {
  participantServiceEnv,
  toServiceConfig,
  type ParticipantServiceConfig,
} from '../../lib/participant/index.js';

/** HMAC keys shorter than this are too easy to guess. */
export const MIN_WEBHOOK_SECRET_LENGTH = 32;

const optionalUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional();

export const paymentEnv = participantServiceEnv({ port: 3002, database: 'payment' })
  .extend({
    PAYMENT_PUBLIC_URL: optionalUrl.describe(
      "Base URL customers reach the payment service at: a challenged charge's nextAction.url is <PAYMENT_PUBLIC_URL>/charges/{id}/authenticate. Unset: the service's own listening URL.",
    ),
    PAYMENT_WEBHOOK_URL: optionalUrl.describe(
      'Where charge events (charge.succeeded, charge.failed) are delivered as signed webhooks, e.g. http://127.0.0.1:3000/webhooks/payment. Unset: events stay in the outbox, undelivered.',
    ),
    PAYMENT_WEBHOOK_SECRET: z
      .string()
      .min(MIN_WEBHOOK_SECRET_LENGTH, `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`)
      .optional()
      .describe(
        'HMAC-SHA256 key of the Payment-Signature header; required with PAYMENT_WEBHOOK_URL. The receiver holds the same secret.',
      ),
    PAYMENT_WEBHOOK_POLL_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(10)
      .max(60_000)
      .default(500)
      .describe('How often the outbox is checked for webhooks due for delivery.'),
    PAYMENT_WEBHOOK_RETRY_INITIAL_MS: z.coerce
      .number()
      .int()
      .min(10)
      .default(1000)
      .describe('Wait before the first redelivery of a webhook the receiver did not accept.'),
    PAYMENT_WEBHOOK_RETRY_MAX_MS: z.coerce
      .number()
      .int()
      .min(10)
      .default(5 * 60_000)
      .describe('Longest wait between redeliveries; the wait doubles up to it.'),
  })
  .superRefine((vars, context) => {
    if (vars.PAYMENT_WEBHOOK_URL !== undefined && vars.PAYMENT_WEBHOOK_SECRET === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['PAYMENT_WEBHOOK_SECRET'],
        message: 'is required when PAYMENT_WEBHOOK_URL is set',
      });
    }
  });

export interface WebhookDeliveryConfig {
  url: string;
  secret: string;
  pollIntervalMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

export interface PaymentConfig extends ParticipantServiceConfig {
  publicUrl: string | undefined;
  /** Undefined: webhook delivery is off. */
  webhooks: WebhookDeliveryConfig | undefined;
}

export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  const vars = loadEnv('payment', paymentEnv, env);
  const { PAYMENT_WEBHOOK_URL: webhookUrl, PAYMENT_WEBHOOK_SECRET: secret } = vars;
  return {
    ...toServiceConfig(vars),
    publicUrl: vars.PAYMENT_PUBLIC_URL?.replace(/\/+$/, ''),
    webhooks:
      webhookUrl !== undefined && secret !== undefined
        ? {
            url: webhookUrl,
            secret,
            pollIntervalMs: vars.PAYMENT_WEBHOOK_POLL_INTERVAL_MS,
            retryInitialMs: vars.PAYMENT_WEBHOOK_RETRY_INITIAL_MS,
            retryMaxMs: vars.PAYMENT_WEBHOOK_RETRY_MAX_MS,
          }
        : undefined,
  };
}
