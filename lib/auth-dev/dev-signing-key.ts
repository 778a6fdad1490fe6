import { generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Issuer and audience of development tokens: the API's defaults. */
export const DEV_ISSUER = 'checkout-saga-dev';
export const DEV_AUDIENCE = 'checkout-api';

/** Where `npm start` keeps the ES256 key pair that signs development tokens. */
export function devSigningKeyPaths(dataDir: string): { privateKey: string; publicKey: string } {
  const folder = join(dataDir, 'auth');
  return {
    privateKey: join(folder, 'signing-key.pem'),
    publicKey: join(folder, 'signing-key.pub.pem'),
  };
}

export class NoDevSigningKeyError extends Error {
  override readonly name = 'NoDevSigningKeyError';
}

/**
 * The development signing key pair of the data folder, created on first use: PKCS#8 private key
 * (readable by its owner only) and SPKI public key, both PEM. Returns the public key's PEM.
 */
export async function ensureDevSigningKey(dataDir: string): Promise<string> {
  const paths = devSigningKeyPaths(dataDir);
  try {
    return await readFile(paths.publicKey, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await mkdir(join(dataDir, 'auth'), { recursive: true, mode: 0o700 });
  await writeFile(paths.privateKey, privateKey, { mode: 0o600 });
  await writeFile(paths.publicKey, publicKey, { mode: 0o644 });
  return publicKey;
}

/** The private key that `npm start` created; a clear error when it never ran on this folder. */
export async function readDevPrivateKey(dataDir: string): Promise<string> {
  const { privateKey } = devSigningKeyPaths(dataDir);
  try {
    return await readFile(privateKey, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new NoDevSigningKeyError(
      `No development signing key at ${privateKey}: run npm start once (it creates the key), ` +
        'or set LAUNCHER_DATA_DIR to the data folder npm start uses.',
    );
  }
}
