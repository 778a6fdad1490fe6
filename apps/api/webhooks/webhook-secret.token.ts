/** Token of the secret the payment provider signs its webhooks with. */
export const PAYMENT_WEBHOOK_SECRET = Symbol('PaymentWebhookSecret');
