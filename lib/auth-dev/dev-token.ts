import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER } from './dev-signing-key.js';

export type DevRole = 'customer' | 'operator';

export interface DevTokenRequest {
  /** PKCS#8 PEM of an ES256 key. */
  privateKeyPem: string;
  /** `sub`: the customerId of a customer, an operator's id. */
  subject: string;
  roles: DevRole[];
  issuer?: string;
  audience?: string;
  /** Seconds; 12 hours unless given. */
  lifetimeSeconds?: number;
}

export const DEV_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/** A bearer token the API accepts when it verifies with the matching public key. */
export async function signDevToken({
  privateKeyPem,
  subject,
  roles,
  issuer = DEV_ISSUER,
  audience = DEV_AUDIENCE,
  lifetimeSeconds = DEV_TOKEN_LIFETIME_SECONDS,
}: DevTokenRequest): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds)
    .sign(createPrivateKey(privateKeyPem));
}
