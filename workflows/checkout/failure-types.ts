/**
 * Business refusals raised by activities as non-retryable ApplicationFailures. The order state
 * reports them as codes (`PaymentDeclined` becomes `PAYMENT_DECLINED`).
 */
export const BUSINESS_FAILURE_TYPES = [
  'InsufficientStock',
  'UnknownSku',
  'ReservationExpired',
  'PaymentDeclined',
  'AddressUndeliverable',
  'InvalidRequest',
  'ParticipantRefused',
] as const;

export type BusinessFailureType = (typeof BUSINESS_FAILURE_TYPES)[number];

/** Failures the workflow raises itself. */
export const PAYMENT_CONFIRMATION_TIMEOUT = 'PaymentConfirmationTimeout';
/** The input does not belong to this workflow: its orderId is not the one in the workflow id. */
export const INVALID_CHECKOUT_INPUT = 'InvalidCheckoutInput';
export const CANCELLED_BY_CUSTOMER = 'CANCELLED_BY_CUSTOMER';
/** The workflow itself was cancelled, from the Web UI or the CLI. */
export const CANCELLED_BY_OPERATOR = 'CANCELLED_BY_OPERATOR';

/** `PaymentDeclined` → `PAYMENT_DECLINED`. */
export function toFailureCode(type: string): string {
  return type
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
