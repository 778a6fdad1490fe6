import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from '../../nest/index.js';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN } from '../idempotency/idempotency-key.js';
import { orderIdField, resourceIdParams } from '../requests.js';

type JsonSchema = Record<string, unknown>;

/** A request schema as the OpenAPI document states it: every constraint the service checks. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' });
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `code` is the stable reason.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

export function ApiProblem(status: number, description: string) {
  return ApiResponse({
    status,
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: PROBLEM_SCHEMA } },
  });
}

/** A 2xx answer whose JSON body follows `schema`. */
export function ApiJsonResponse(status: number, description: string, schema: z.ZodType) {
  return ApiResponse({
    status,
    description,
    content: {
      'application/json': {
        schema: jsonSchemaOf(schema),
      },
    },
  });
}

/** A JSON request body, at most 16 KiB. */
export function ApiJsonBody(schema: z.ZodType) {
  return applyDecorators(
    ApiBody({ required: true, schema: jsonSchemaOf(schema) }),
    ApiProblem(413, 'The body is larger than 16 KiB.'),
    ApiProblem(415, 'The body is not JSON in UTF-8.'),
  );
}

/** The `{id}` of a reservation, charge or shipment in the path. */
export function ApiResourceId() {
  return ApiParam({
    name: 'id',
    required: true,
    schema: jsonSchemaOf(resourceIdParams.shape.id),
  });
}

/** `?orderId=`: the records one order's steps left. */
export function ApiOrderIdQuery() {
  return applyDecorators(
    ApiQuery({ name: 'orderId', required: true, schema: jsonSchemaOf(orderIdField) }),
    ApiProblem(400, 'The orderId is missing or malformed.'),
    ApiProblem(503, 'The database is busy or unreachable; retry.'),
  );
}

/** A mutating call: it needs an Idempotency-Key and answers a repeat with the first answer. */
export function ApiIdempotentMutation() {
  return applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: true,
      description:
        'Stored with the effect in one transaction: a repeat gets the first answer, the same key with another request 422.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: IDEMPOTENCY_KEY_PATTERN.source,
      },
    }),
    ApiProblem(400, 'The Idempotency-Key, an id or the body is invalid; nothing was done.'),
    ApiProblem(422, 'A business refusal, or the Idempotency-Key was used for another request.'),
    ApiProblem(
      503,
      'The database is busy or unreachable; nothing was done. Retry with the same key.',
    ),
  );
}
