import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature's timestamp may be from now, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export const PAYMENT_SIGNATURE_HEADER = 'Payment-Signature';

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/**
 * Checks `Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Several v1 values may be given (while the provider rotates its secret); one must match. The
 * comparison takes the same time however many bytes match.
 */
export function checkPaymentSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (header === undefined)
    return { valid: false, reason: `The ${PAYMENT_SIGNATURE_HEADER} header is missing` };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  const signatures = parts.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  const [timestamp] = timestamps;
  if (
    timestamps.length !== 1 ||
    timestamp === undefined ||
    !/^\d{1,12}$/.test(timestamp) ||
    signatures.length === 0
  ) {
    return {
      valid: false,
      reason: `The ${PAYMENT_SIGNATURE_HEADER} header must be t=<unix seconds>,v1=<hex>`,
    };
  }
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    return { valid: false, reason: 'The signature timestamp is outside the 5-minute tolerance' };
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
    return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
  });
  return matches
    ? { valid: true }
    : { valid: false, reason: 'The signature does not match the body' };
}

/** Signs a body as the payment provider does; for tests and tools. */
export function paymentSignature(
  rawBody: string | Buffer,
  secret: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): string {
  const digest = createHmac('sha256', secret)
    .update(`${timestampSeconds}.`)
    .update(rawBody)
    .digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}
