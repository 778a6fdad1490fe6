import type { ParameterDecoratorOptions } from '@nestjs/common';
import type { z } from 'zod';
import { ZodValidationPipe } from '../../../lib/nest/index.js';

/**
 * Options for @Body, @Query or @Param: the schema validates the request part (a 400 naming every
 * bad field) and, through Swagger, documents it.
 */
export function validated(
  schema: z.ZodType,
  part: 'body' | 'query' | 'params',
): ParameterDecoratorOptions {
  return { schema, pipes: [new ZodValidationPipe(schema, part)] };
}
