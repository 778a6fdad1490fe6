import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ProblemException, type FieldError } from './problem.js';

/** Validates a request part against a zod schema; a failure is a 400 naming every bad field. */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<
  unknown,
  z.infer<Schema>
> {
  constructor(
    private readonly schema: Schema,
    private readonly part: 'body' | 'query' | 'params' = 'body',
  ) {}

  transform(value: unknown): z.infer<Schema> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const errors: FieldError[] = result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({
            field: fieldPath([...issue.path, key]),
            message: 'Unknown field',
          }))
        : [{ field: fieldPath(issue.path) || this.part, message: issue.message }],
    );
    throw new ProblemException(
      400,
      'VALIDATION_FAILED',
      `Invalid request ${this.part}: ${errors.map((e) => e.field).join(', ')}`,
      errors,
    );
  }
}

/** `['items', 0, 'quantity']` → `items[0].quantity` */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}
