import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException } from '../../../lib/nest/index.js';
import { IDEMPOTENCY_KEY_HEADER } from '../../../lib/participant/idempotency/idempotency-key.js';
import { idempotencyKeySchema } from '../orders/order-query.schemas.js';

/** The request's validated Idempotency-Key header, or undefined without one. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const value = context.switchToHttp().getRequest<Request>().header(IDEMPOTENCY_KEY_HEADER);
    const result = idempotencyKeySchema.safeParse(value);
    if (result.success) return result.data;
    throw new ProblemException(
      400,
      'VALIDATION_FAILED',
      `The ${IDEMPOTENCY_KEY_HEADER} header is invalid`,
      result.error.issues.map(({ message }) => ({ field: IDEMPOTENCY_KEY_HEADER, message })),
    );
  },
);
