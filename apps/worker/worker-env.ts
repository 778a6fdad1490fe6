import { z } from 'zod';
import { loadEnv, logLevel } from '../../lib/config/index.js';
import {
  loadParticipantsConfig,
  participantsEnv,
  type ParticipantsConfig,
} from '../../lib/participant/participants-env.js';
import { payloadCodecEnv, type PayloadEncryptionKey } from '../../lib/payload-codec/index.js';
import { loadTemporalConfig, temporalEnv, type TemporalConfig } from '../../lib/temporal/index.js';

/** Every variable the worker reads. */
export const workerEnv = z.object({
  ...temporalEnv.shape,
  ...participantsEnv.shape,
  ...payloadCodecEnv.shape,
  WORKER_METRICS_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(9464)
    .describe('Port of the Prometheus /metrics endpoint of the SDK runtime; 0 turns it off.'),
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30)
    .describe(
      'How long running activities may finish after SIGTERM/SIGINT before they are cancelled.',
    ),
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .optional()
    .describe('Prebuilt workflow bundle (production); unset bundles workflows/ at start-up.'),
  LOG_LEVEL: logLevel,
});

export interface WorkerConfig {
  temporal: TemporalConfig;
  participants: ParticipantsConfig;
  payloadEncryptionKeys: PayloadEncryptionKey[];
  metricsPort: number;
  shutdownGraceSeconds: number;
  workflowBundlePath?: string;
  logLevel: z.infer<typeof logLevel>;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const vars = loadEnv('worker', workerEnv, env);
  return {
    temporal: loadTemporalConfig(env),
    participants: loadParticipantsConfig(env),
    payloadEncryptionKeys: vars.PAYLOAD_ENCRYPTION_KEYS,
    metricsPort: vars.WORKER_METRICS_PORT,
    shutdownGraceSeconds: vars.WORKER_SHUTDOWN_GRACE_SECONDS,
    ...(vars.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: vars.WORKFLOW_BUNDLE_PATH } : {}),
    logLevel: vars.LOG_LEVEL,
  };
}
