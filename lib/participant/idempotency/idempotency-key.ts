import type { Request } from 'express';
import { ProblemException } from '../../nest/index.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Printable ASCII without spaces, as in the IETF Idempotency-Key draft's examples. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key, or a 400 naming the header. */
export function idempotencyKeyOf(request: Request): string {
  const value = request.get(IDEMPOTENCY_KEY_HEADER);
  if (value !== undefined && IDEMPOTENCY_KEY_PATTERN.test(value)) return value;
  const message =
    value === undefined || value === ''
      ? 'is required on every mutating request'
      : 'must be 1 to 255 printable ASCII characters without spaces';
  throw new ProblemException(
    400,
    'VALIDATION_FAILED',
    `The ${IDEMPOTENCY_KEY_HEADER} header ${message}.`,
    [{ field: IDEMPOTENCY_KEY_HEADER, message }],
  );
}
