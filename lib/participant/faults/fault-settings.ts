import { z } from 'zod';

export const faultSettings = z.strictObject({
  errorRate: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe('Share of mutating requests that fail, from 0 to 1.'),
  latencyMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(0)
    .describe('Delay added to every mutating request between its effect and its commit.'),
  phase: z
    .enum(['before', 'after'])
    .default('before')
    .describe(
      '`before`: fail with 503 before anything is done; `after`: commit the effect, then answer 500 (a lost response).',
    ),
});

export type FaultSettings = z.infer<typeof faultSettings>;

export const NO_FAULTS: FaultSettings = { errorRate: 0, latencyMs: 0, phase: 'before' };
