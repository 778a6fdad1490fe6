// The configuration table of the README, generated from the processes' env schemas.
// `npm run docs:config` rewrites it in README.md; a test fails when the two disagree.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { apiEnv } from '../apps/api/api-env.js';
import { inventoryEnv } from '../apps/inventory/inventory-env.js';
import { launcherEnv } from '../apps/launcher/launcher-env.js';
import { paymentEnv } from '../apps/payment/payment-env.js';
import { shippingEnv } from '../apps/shipping/shipping-env.js';
import { workerEnv } from '../apps/worker/worker-env.js';
import { envReference } from '../lib/config/env-reference.js';

export const CONFIG_START = '<!-- config:start (npm run docs:config) -->';
export const CONFIG_END = '<!-- config:end -->';

export function configReference(): string {
  return envReference([
    { process: 'api', schema: apiEnv },
    { process: 'worker', schema: workerEnv },
    { process: 'inventory', schema: inventoryEnv },
    { process: 'payment', schema: paymentEnv },
    { process: 'shipping', schema: shippingEnv },
    { process: 'launcher', schema: launcherEnv },
  ]);
}

/** The README with its configuration block replaced by the generated one. */
export function withConfigReference(readme: string): string {
  const start = readme.indexOf(CONFIG_START);
  const end = readme.indexOf(CONFIG_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${CONFIG_START} markers`);
  return `${readme.slice(0, start + CONFIG_START.length)}\n\n${configReference()}\n\n${readme.slice(end)}`;
}

if (process.argv[1]?.endsWith('config-reference.js')) {
  const file = resolve('README.md'); // npm runs scripts from the repository root
  await writeFile(file, withConfigReference(await readFile(file, 'utf8')));
  console.log('README.md: configuration table updated');
}
