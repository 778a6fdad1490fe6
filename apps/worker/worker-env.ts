import { z } from 'zod';
import { ConfigurationError, loadEnv, logLevel } from '../../lib/config/index.js';
import {
  loadParticipantsConfig,
  participantsEnv,
  type ParticipantsConfig,
} from '../../lib/participant/participants-env.js';
import { payloadCodecEnv, type PayloadEncryptionKey } from '../../lib/payload-codec/index.js';
import { loadTemporalConfig, temporalEnv, type TemporalConfig } from '../../lib/temporal/index.js';
import {
  loadOrderEventsConfig,
  orderEventsEnv,
  type OrderEventsConfig,
} from '../../activities/adapters/order-events/order-events-config.js';

const count = (minimum: number) => z.coerce.number().int().min(minimum).max(1_000_000);

/**
 * The worker's capacity. Unset variables keep the SDK's defaults, which suit one worker on a
 * small machine; docs/deployment.md sizes them from measurements.
 */
export const workerTuningEnv = z.object({
  /** @default 40 (the SDK's) */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: count(2)
    .default(40)
    .describe('Workflow tasks this worker runs at once (its workflow task slots).'),
  /** @default 100 (the SDK's) */
  WORKER_MAX_CONCURRENT_ACTIVITIES: count(1)
    .default(100)
    .describe('Activities this worker runs at once; each mostly waits on a participant over HTTP.'),
  /** @default min(10, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS) (the SDK's) */
  WORKER_WORKFLOW_TASK_POLLERS: count(2)
    .optional()
    .describe(
      'Concurrent long polls for workflow tasks; at most WORKER_MAX_CONCURRENT_WORKFLOW_TASKS. Unset: min(10, slots).',
    ),
  /** @default min(10, WORKER_MAX_CONCURRENT_ACTIVITIES) (the SDK's) */
  WORKER_ACTIVITY_TASK_POLLERS: count(1)
    .optional()
    .describe(
      'Concurrent long polls for activity tasks; at most WORKER_MAX_CONCURRENT_ACTIVITIES. Unset: min(10, slots).',
    ),
  /** @default derived by the SDK from the heap size (at least 10) */
  WORKER_MAX_CACHED_WORKFLOWS: count(0)
    .optional()
    .describe(
      'Running orders kept in memory (sticky cache), so their next task needs no replay; 0 turns the cache off. Unset: sized by the SDK from the heap.',
    ),
});

export type WorkerTuning = z.infer<typeof workerTuningEnv>;

/** Every variable the worker reads. */
export const workerEnv = z.object({
  ...workerTuningEnv.shape,
  ...temporalEnv.shape,
  ...participantsEnv.shape,
  ...payloadCodecEnv.shape,
  ...orderEventsEnv.shape,
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
  orderEvents: OrderEventsConfig;
  payloadEncryptionKeys: PayloadEncryptionKey[];
  metricsPort: number;
  shutdownGraceSeconds: number;
  workflowBundlePath?: string;
  logLevel: z.infer<typeof logLevel>;
  tuning: WorkerTuningOptions;
}

/** The Worker.create options the tuning variables set. */
export interface WorkerTuningOptions {
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentWorkflowTaskPolls?: number;
  maxConcurrentActivityTaskPolls?: number;
  maxCachedWorkflows?: number;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const vars = loadEnv('worker', workerEnv, env);
  return {
    tuning: workerTuningOptions(vars),
    temporal: loadTemporalConfig(env),
    participants: loadParticipantsConfig(env),
    orderEvents: loadOrderEventsConfig(env),
    payloadEncryptionKeys: vars.PAYLOAD_ENCRYPTION_KEYS,
    metricsPort: vars.WORKER_METRICS_PORT,
    shutdownGraceSeconds: vars.WORKER_SHUTDOWN_GRACE_SECONDS,
    ...(vars.WORKFLOW_BUNDLE_PATH ? { workflowBundlePath: vars.WORKFLOW_BUNDLE_PATH } : {}),
    logLevel: vars.LOG_LEVEL,
  };
}

/** Checks the limits the SDK would otherwise reject later with a less precise message. */
export function workerTuningOptions(tuning: WorkerTuning): WorkerTuningOptions {
  const workflowSlots = tuning.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS;
  const activitySlots = tuning.WORKER_MAX_CONCURRENT_ACTIVITIES;
  const problems = [
    tuning.WORKER_WORKFLOW_TASK_POLLERS !== undefined &&
    tuning.WORKER_WORKFLOW_TASK_POLLERS > workflowSlots
      ? `  WORKER_WORKFLOW_TASK_POLLERS: ${tuning.WORKER_WORKFLOW_TASK_POLLERS} is more than WORKER_MAX_CONCURRENT_WORKFLOW_TASKS (${workflowSlots})`
      : undefined,
    tuning.WORKER_ACTIVITY_TASK_POLLERS !== undefined &&
    tuning.WORKER_ACTIVITY_TASK_POLLERS > activitySlots
      ? `  WORKER_ACTIVITY_TASK_POLLERS: ${tuning.WORKER_ACTIVITY_TASK_POLLERS} is more than WORKER_MAX_CONCURRENT_ACTIVITIES (${activitySlots})`
      : undefined,
  ].filter((problem) => problem !== undefined);
  if (problems.length > 0)
    throw new ConfigurationError(`Invalid worker configuration:\n${problems.join('\n')}`);
  return {
    maxConcurrentWorkflowTaskExecutions: workflowSlots,
    maxConcurrentActivityTaskExecutions: activitySlots,
    ...(tuning.WORKER_WORKFLOW_TASK_POLLERS === undefined
      ? {}
      : { maxConcurrentWorkflowTaskPolls: tuning.WORKER_WORKFLOW_TASK_POLLERS }),
    ...(tuning.WORKER_ACTIVITY_TASK_POLLERS === undefined
      ? {}
      : { maxConcurrentActivityTaskPolls: tuning.WORKER_ACTIVITY_TASK_POLLERS }),
    ...(tuning.WORKER_MAX_CACHED_WORKFLOWS === undefined
      ? {}
      : { maxCachedWorkflows: tuning.WORKER_MAX_CACHED_WORKFLOWS }),
  };
}
