import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';

/**
 * A customer's bearer token for the API `npm start` runs, signed with the development key the
 * launcher keeps in its data folder. Undefined when there is no key: an API without
 * authentication.
 */
export async function customerToken(
  dataDir: string,
  customerId: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  let pem: string;
  try {
    pem = await readFile(join(dataDir, 'auth', 'signing-key.pem'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const key = await importPKCS8(pem, 'ES256');
  return new SignJWT({ roles: ['customer'] })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(customerId)
    .setIssuer(env.AUTH_ISSUER ?? 'checkout-saga-dev')
    .setAudience(env.AUTH_AUDIENCE ?? 'checkout-api')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(key);
}
