import { readFile } from 'node:fs/promises';
import type { TemporalConfig } from './temporal-env.js';

export interface ConnectionOptions {
  address: string;
  tls?: boolean | { clientCertPair: { crt: Buffer; key: Buffer } };
  apiKey?: string;
}

/** Options accepted by both the client's Connection and the worker's NativeConnection. */
export async function connectionOptions(config: TemporalConfig): Promise<ConnectionOptions> {
  if (config.clientCert) {
    const [crt, key] = await Promise.all([
      readFile(config.clientCert.certPath),
      readFile(config.clientCert.keyPath),
    ]);
    return { address: config.address, tls: { clientCertPair: { crt, key } } };
  }
  if (config.apiKey) return { address: config.address, tls: true, apiKey: config.apiKey };
  return { address: config.address };
}
