import { z } from 'zod';

/** The variable of the remote codec endpoint (POST /codec/encode, /codec/decode). */
export const codecEnv = z.object({
  CODEC_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((text, context) => {
      const origins = (text ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== '');
      for (const origin of origins) {
        if (!isOrigin(origin)) {
          context.addIssue({
            code: 'custom',
            message: `"${origin}" is not an origin like http://localhost:8233`,
          });
        }
      }
      return origins;
    })
    .describe(
      'Development only: Web UI origins (comma-separated, e.g. http://localhost:8233) whose browser requests from this machine may use /codec without a token, with CORS. Unset in production: /codec then needs an operator token.',
    ),
});

export interface CodecConfig {
  /** Origins allowed without a token, from a loopback address only. */
  localUiOrigins: string[];
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return /^https?:$/.test(url.protocol) && url.origin === text;
  } catch {
    return false;
  }
}
