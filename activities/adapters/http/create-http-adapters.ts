import type { ParticipantsConfig } from '../../../lib/participant/participants-env.js';
import type { CheckoutAdapters } from '../ports.js';
import { HttpInventoryAdapter } from './http-inventory-adapter.js';
import { HttpPaymentAdapter } from './http-payment-adapter.js';
import { HttpShippingAdapter } from './http-shipping-adapter.js';
import { ParticipantHttpClient } from './participant-http-client.js';

/** Every port but the notifications and the order events, which do not go to a participant service. */
export type HttpAdapters = Omit<CheckoutAdapters, 'notification' | 'orderEvents'>;

/** The participant ports over HTTP, as configured by loadParticipantsConfig(). */
export function createHttpAdapters(config: ParticipantsConfig): HttpAdapters {
  const client = (participant: string, baseUrl: string) =>
    new ParticipantHttpClient({ participant, baseUrl, timeoutMs: config.timeoutMs });
  return {
    inventory: new HttpInventoryAdapter(client('inventory', config.inventoryUrl)),
    payment: new HttpPaymentAdapter(client('payment', config.paymentUrl)),
    shipping: new HttpShippingAdapter(client('shipping', config.shippingUrl)),
  };
}
