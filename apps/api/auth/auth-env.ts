import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** The variables that configure how the API verifies bearer tokens. */
export const authEnv = z.object({
  AUTH_ISSUER: z
    .string()
    .min(1)
    .default('checkout-saga-dev')
    .describe('The `iss` every bearer token must carry.'),
  AUTH_AUDIENCE: z
    .string()
    .min(1)
    .default('checkout-api')
    .describe('The `aud` every bearer token must carry.'),
  AUTH_JWKS_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .describe('Where the token signing keys are published (JWKS). Set this or AUTH_PUBLIC_KEY.'),
  AUTH_PUBLIC_KEY: z
    .string()
    .optional()
    .describe(
      'The token signing key as SPKI PEM text (`-----BEGIN PUBLIC KEY-----`). Set this or AUTH_JWKS_URL.',
    ),
});

type AuthVars = z.output<typeof authEnv>;

/** Where the token signing keys come from. */
export type SigningKeySource = { jwksUrl: URL } | { publicKey: KeyObject };

export interface AuthConfig {
  issuer: string;
  audience: string;
  keys: SigningKeySource;
}

/** Adds an issue to the context when the variables do not name exactly one key source. */
export function checkOneKeySource(vars: Partial<AuthVars>, context: z.RefinementCtx): void {
  const jwks = vars.AUTH_JWKS_URL !== undefined;
  const key = vars.AUTH_PUBLIC_KEY !== undefined;
  if (jwks === key) {
    context.addIssue({
      code: 'custom',
      path: [jwks ? 'AUTH_PUBLIC_KEY' : 'AUTH_JWKS_URL'],
      message: jwks
        ? 'set either AUTH_JWKS_URL or AUTH_PUBLIC_KEY, not both'
        : 'set AUTH_JWKS_URL (a JWKS URL) or AUTH_PUBLIC_KEY (SPKI PEM) to verify bearer tokens',
    });
  }
  if (key && vars.AUTH_PUBLIC_KEY !== undefined && !isSpkiPem(vars.AUTH_PUBLIC_KEY)) {
    context.addIssue({
      code: 'custom',
      path: ['AUTH_PUBLIC_KEY'],
      message: 'must be a public key in SPKI PEM form (-----BEGIN PUBLIC KEY-----)',
    });
  }
}

export function toAuthConfig(vars: AuthVars): AuthConfig {
  return {
    issuer: vars.AUTH_ISSUER,
    audience: vars.AUTH_AUDIENCE,
    keys:
      vars.AUTH_JWKS_URL !== undefined
        ? { jwksUrl: new URL(vars.AUTH_JWKS_URL) }
        : { publicKey: createPublicKey(pemOf(vars.AUTH_PUBLIC_KEY ?? '')) },
  };
}

function isSpkiPem(text: string): boolean {
  const pem = pemOf(text);
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) return false;
  try {
    return createPublicKey(pem).type === 'public';
  } catch {
    return false;
  }
}

/** A PEM passed through an env file may carry its line breaks as `\n`. */
function pemOf(text: string): string {
  return text.replace(/\\n/g, '\n').trim();
}
