import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { AuthConfig } from '../../apps/api/auth/auth-env.js';
import { createPublicKey } from 'node:crypto';

export const TEST_ISSUER = 'checkout-saga-test';
export const TEST_AUDIENCE = 'checkout-api-test';

export interface TokenClaims {
  sub: string;
  roles: readonly string[];
}

export interface TokenOptions {
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for a token that has expired. @default 600 */
  expiresIn?: number;
  /** Leave `exp` out. */
  withoutExpiry?: boolean;
}

/** A key pair of its own that signs test tokens the harness's API accepts. */
export interface TestTokenSigner {
  /** The API's configuration: the public key, the test issuer and audience. */
  authConfig: AuthConfig;
  publicKeyPem: string;
  sign(claims: TokenClaims, options?: TokenOptions): Promise<string>;
}

export async function createTestTokenSigner(): Promise<TestTokenSigner> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicKeyPem = await exportSPKI(publicKey);
  return {
    publicKeyPem,
    authConfig: {
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      keys: { publicKey: createPublicKey(publicKeyPem) },
    },
    sign: (claims, options) => signToken(privateKey, claims, options),
  };
}

/** Signs a token with any key: the harness's, or a stranger's for forged tokens. */
export async function signToken(
  key: CryptoKey,
  claims: TokenClaims,
  options: TokenOptions = {},
): Promise<string> {
  const jwt = new SignJWT({ roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? TEST_ISSUER)
    .setAudience(options.audience ?? TEST_AUDIENCE)
    .setIssuedAt();
  if (!options.withoutExpiry) {
    jwt.setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 600));
  }
  return jwt.sign(key);
}
