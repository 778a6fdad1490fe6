// The secrets a deployment supplies to the application image, generated per test run: the API's
// token verification key (the test signs its own tokens with the private half), the payload
// encryption keys of the API and the worker, and the payment webhook secret.
import { randomBytes } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const TOKEN_ISSUER = 'checkout-saga-production-test';
export const TOKEN_AUDIENCE = 'checkout-api';

export interface DeploymentSecrets {
  /** Variables to give each process that reads them (the others ignore them). */
  env: Record<string, string>;
  /** A bearer token for `sub` with `roles`, valid for an hour. */
  token(sub: string, roles: ('customer' | 'operator')[]): Promise<string>;
}

export async function createDeploymentSecrets(): Promise<DeploymentSecrets> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  return {
    env: {
      AUTH_ISSUER: TOKEN_ISSUER,
      AUTH_AUDIENCE: TOKEN_AUDIENCE,
      AUTH_PUBLIC_KEY: await exportSPKI(publicKey),
      PAYLOAD_ENCRYPTION_KEYS: `test-key:${randomBytes(32).toString('base64')}`,
      PAYMENT_WEBHOOK_SECRET: randomBytes(32).toString('hex'),
    },
    token: (sub, roles) => sign(privateKey, sub, roles),
  };
}

function sign(key: CryptoKey, sub: string, roles: string[]): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}
