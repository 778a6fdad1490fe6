import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { paymentSignature } from '../../apps/api/webhooks/payment-signature.js';
import { TEST_WEBHOOK_SECRET } from './api-harness.js';
import { readResult, type HttpResult } from './api-http.js';

export interface PaymentWebhookBody {
  id: string;
  type: 'charge.succeeded' | 'charge.failed';
  created: number;
  data: { chargeId: string; orderId: string };
}

export function paymentWebhook(
  orderId: string,
  chargeId: string,
  type: PaymentWebhookBody['type'] = 'charge.succeeded',
): PaymentWebhookBody {
  return {
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    type,
    created: Math.floor(Date.now() / 1000),
    data: { chargeId, orderId },
  };
}

export interface SendOptions {
  secret?: string;
  /** Unix seconds the signature claims. @default now */
  timestamp?: number;
  /** The header as sent, instead of a signature of the body. */
  signature?: string | null;
}

/** POST /webhooks/payment as the payment provider, signing the exact bytes it sends. */
export async function sendPaymentWebhook(
  baseUrl: string,
  body: PaymentWebhookBody | string,
  options: SendOptions = {},
): Promise<HttpResult> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature =
    options.signature === undefined
      ? paymentSignature(raw, options.secret ?? TEST_WEBHOOK_SECRET, options.timestamp)
      : options.signature;
  const response = await fetch(`${baseUrl}/webhooks/payment`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'payment-signature': signature }),
    },
    body: raw,
  });
  return readResult(response);
}

/** The paymentEvent signals the order's workflow has received. */
export async function paymentSignalsOf(client: Client, orderId: string): Promise<number> {
  const history = await client.workflow.getHandle(`order-${orderId}`).fetchHistory();
  return (history.events ?? []).filter(
    (event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'paymentEvent',
  ).length;
}
