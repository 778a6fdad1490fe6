import type { LevelWithSilent } from 'pino';
import { z } from 'zod';
import { loadEnv, logLevel, port } from '../../lib/config/index.js';
import {
  loadParticipantsConfig,
  participantsEnv,
  type ParticipantsConfig,
} from '../../lib/participant/participants-env.js';
import { payloadCodecEnv, type PayloadEncryptionKey } from '../../lib/payload-codec/index.js';
import { loadTemporalConfig, temporalEnv, type TemporalConfig } from '../../lib/temporal/index.js';
import { codecEnv, type CodecConfig } from './codec/codec-env.js';

/** Every variable the API reads; the keys are the variable names. */
export const apiEnv = z.object({
  PORT: port(3000).describe('HTTP port to listen on.'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Network interface to listen on.'),
  LOG_LEVEL: logLevel,
  ...temporalEnv.shape,
  ...participantsEnv.shape,
  ...payloadCodecEnv.shape,
  ...codecEnv.shape,
});

export interface ApiConfig {
  port: number;
  host: string;
  logLevel: LevelWithSilent;
  temporal: TemporalConfig;
  /** Encrypt what the API's Temporal client sends and decrypt what it reads. */
  payloadEncryptionKeys: PayloadEncryptionKey[];
  /** Who may use POST /codec/encode and /codec/decode without a token. */
  codec: CodecConfig;
  /** The services GET /health checks. */
  participants: ParticipantsConfig;
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const vars = loadEnv('API', apiEnv, env);
  return {
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    temporal: loadTemporalConfig(env),
    payloadEncryptionKeys: vars.PAYLOAD_ENCRYPTION_KEYS,
    codec: { localUiOrigins: vars.CODEC_CORS_ORIGINS },
    participants: loadParticipantsConfig(env),
  };
}
