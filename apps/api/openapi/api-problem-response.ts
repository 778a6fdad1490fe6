import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '../../../lib/nest/index.js';

export const PROBLEM_SCHEMA_NAME = 'Problem';

/** Documents an error response: a problem document (registered by setupOpenApi). */
export function ApiProblemResponse(status: number, description: string) {
  return ApiResponse({
    status,
    description,
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } },
    },
  });
}
