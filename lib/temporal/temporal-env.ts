import { z } from 'zod';
import { loadEnv } from '../config/index.js';

/** Where Temporal is and how to authenticate: the same variables for the worker and the API. */
export const temporalEnv = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port')
    .default('localhost:7233')
    .describe('Temporal frontend gRPC address (host:port).'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('Temporal namespace.'),
  TEMPORAL_TASK_QUEUE: z
    .string()
    .min(1)
    .default('checkout')
    .describe('Task queue the worker polls and the API starts workflows on.'),
  TEMPORAL_API_KEY: z.string().optional().describe('API key for Temporal Cloud; turns TLS on.'),
  TEMPORAL_TLS_CERT_PATH: z
    .string()
    .optional()
    .describe('Client certificate (PEM) for mTLS; requires TEMPORAL_TLS_KEY_PATH.'),
  TEMPORAL_TLS_KEY_PATH: z
    .string()
    .optional()
    .describe('Client private key (PEM) for mTLS; requires TEMPORAL_TLS_CERT_PATH.'),
});

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  apiKey?: string;
  clientCert?: { certPath: string; keyPath: string };
}

export function loadTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const vars = loadEnv(
    'Temporal',
    temporalEnv.refine(
      (v) => (v.TEMPORAL_TLS_CERT_PATH === undefined) === (v.TEMPORAL_TLS_KEY_PATH === undefined),
      { message: 'set both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH, or neither' },
    ),
    env,
  );
  return {
    address: vars.TEMPORAL_ADDRESS,
    namespace: vars.TEMPORAL_NAMESPACE,
    taskQueue: vars.TEMPORAL_TASK_QUEUE,
    ...(vars.TEMPORAL_API_KEY ? { apiKey: vars.TEMPORAL_API_KEY } : {}),
    ...(vars.TEMPORAL_TLS_CERT_PATH && vars.TEMPORAL_TLS_KEY_PATH
      ? {
          clientCert: {
            certPath: vars.TEMPORAL_TLS_CERT_PATH,
            keyPath: vars.TEMPORAL_TLS_KEY_PATH,
          },
        }
      : {}),
  };
}
