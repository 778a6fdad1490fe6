import { z } from 'zod';
import { url } from '../../../lib/config/index.js';

/** Where the API finds the order read model (the lists and the events). */
export const readModelEnv = z.object({
  READ_MODEL_URL: url('http://localhost:3004').describe(
    'Base URL of the order read model, which serves GET /orders and the orders’ events.',
  ),
  READ_MODEL_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(2000)
    .describe('How long one call to the read model may take before the request answers 503.'),
});

export interface ReadModelConfig {
  url: string;
  timeoutMs: number;
}

export function toReadModelConfig(vars: z.infer<typeof readModelEnv>): ReadModelConfig {
  return { url: vars.READ_MODEL_URL, timeoutMs: vars.READ_MODEL_TIMEOUT_MS };
}

/** The settings when no variable overrides them. */
export const DEFAULT_READ_MODEL: ReadModelConfig = toReadModelConfig(readModelEnv.parse({}));
