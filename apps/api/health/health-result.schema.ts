import { z } from 'zod';

const indicator = z
  .looseObject({
    status: z.enum(['up', 'degraded', 'down']),
    responseTime: z.number().optional().describe('Milliseconds the check took.'),
    message: z.string().optional().describe('Why it is down.'),
  })
  .meta({ id: 'HealthIndicator' });

const indicators = z.record(z.string(), indicator);

/** Documents the body of GET /health, as @nestjs/terminus builds it. */
export const healthResultSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'error', 'shutting_down']),
    info: indicators.optional().describe('The checks that are up.'),
    error: indicators.optional().describe('The checks that are down.'),
    details: indicators.describe('Every check: temporal, inventory, payment, shipping, readModel.'),
  })
  .meta({ id: 'HealthResult' });
