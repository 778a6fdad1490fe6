import { readDevPrivateKey, signDevToken } from '../lib/auth-dev/index.js';

/**
 * A customer's bearer token for the API `npm start` runs, signed with the development key the
 * launcher keeps in its data folder (as `npm run token` does).
 */
export async function customerToken(dataDir: string, customerId: string): Promise<string> {
  return signDevToken({
    privateKeyPem: await readDevPrivateKey(dataDir),
    subject: customerId,
    roles: ['customer'],
  });
}
