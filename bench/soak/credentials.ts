// The secrets the parts need, made like `npm start` makes them, in the soak's own data folder:
// the token signing key, the payload encryption key and the webhook secret. The soak signs its
// customers' bearer tokens with that key.
import { ensureDevSecrets, type DevSecrets } from '../../apps/launcher/dev-secrets.js';
import { readDevPrivateKey, signDevToken } from '../../lib/auth-dev/index.js';

export interface SoakCredentials {
  secrets: DevSecrets;
  /** A bearer token for a customer, valid for the whole run. */
  customerToken: (customerId: string) => Promise<string>;
}

export async function createCredentials(dataDir: string): Promise<SoakCredentials> {
  const secrets = await ensureDevSecrets(dataDir);
  const privateKeyPem = await readDevPrivateKey(dataDir);
  const tokens = new Map<string, Promise<string>>();
  return {
    secrets,
    customerToken: (customerId) => {
      let token = tokens.get(customerId);
      if (!token) {
        token = signDevToken({ privateKeyPem, subject: customerId, roles: ['customer'] });
        tokens.set(customerId, token);
      }
      return token;
    },
  };
}
