import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { CUSTOMER_ID_PATTERN } from '../orders/order-request.schema.js';
import type { AuthConfig } from './auth-env.js';
import { ROLES, type Principal } from './principal.js';

/** A token that does not prove who is calling; the message says why, for the 401. */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

/** A customer's `sub` is its customerId, so every principal keeps to the customer id pattern. */
const claimsSchema = z.object({
  sub: z.string().regex(CUSTOMER_ID_PATTERN),
  roles: z.array(z.string()),
});

const ASYMMETRIC_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
];

type KeyResolver = KeyObject | ReturnType<typeof createRemoteJWKSet>;

/** Verifies bearer tokens (signature, issuer, audience, expiry) and reads who they name. */
export class TokenVerifier {
  private readonly key: KeyResolver;
  private readonly algorithms: string[];

  constructor(private readonly config: AuthConfig) {
    if ('jwksUrl' in config.keys) {
      this.key = createRemoteJWKSet(config.keys.jwksUrl);
      this.algorithms = ASYMMETRIC_ALGORITHMS;
    } else {
      this.key = config.keys.publicKey;
      this.algorithms = algorithmsFor(config.keys.publicKey);
    }
  }

  async verify(token: string): Promise<Principal> {
    const payload = await this.verifiedPayload(token);
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new InvalidToken('The token needs a sub of 1 to 64 safe characters and a roles list');
    }
    const roles = ROLES.filter((role) => claims.data.roles.includes(role));
    return { id: claims.data.sub, roles };
  }

  private async verifiedPayload(token: string): Promise<JWTPayload> {
    const options = {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: this.algorithms,
      requiredClaims: ['exp', 'sub'],
    };
    try {
      // Two calls because jose types the key and the key-set overloads apart.
      const result =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options);
      return result.payload;
    } catch (error) {
      // A key set that cannot be fetched is the server's trouble, not the caller's.
      if (
        !(error instanceof errors.JOSEError) ||
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid
      ) {
        throw error;
      }
      throw new InvalidToken(reasonOf(error), { cause: error });
    }
  }
}

/** The algorithms a public key can verify: the key decides, never the token's header. */
function algorithmsFor(key: KeyObject): string[] {
  const type = key.asymmetricKeyType ?? '';
  const algorithms =
    type === 'ec'
      ? [EC_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? '']]
      : KEY_TYPE_ALGORITHMS[type];
  const known = (algorithms ?? []).filter((algorithm) => algorithm !== undefined);
  if (known.length === 0) {
    throw new Error(
      `AUTH_PUBLIC_KEY: unsupported key ${type} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`,
    );
  }
  return known;
}

const KEY_TYPE_ALGORITHMS: Record<string, string[]> = {
  rsa: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'rsa-pss': ['PS256', 'PS384', 'PS512'],
  ed25519: ['EdDSA', 'Ed25519'],
};

const EC_ALGORITHMS: Record<string, string> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `The token's ${error.claim} claim is not accepted`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'The token signature does not verify';
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token algorithm is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'No known key signed the token';
  if (error instanceof errors.JOSEError) return 'The token is malformed or not verifiable';
  return 'The token could not be verified';
}
