// The configuration table of docs/configuration.md, generated from the processes' env schemas.
// `npm run docs:config` rewrites it there; a test fails when the two disagree.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { apiEnv } from '../apps/api/api-env.js';
import { inventoryEnv } from '../apps/inventory/inventory-env.js';
import { launcherEnv } from '../apps/launcher/launcher-env.js';
import { paymentEnv } from '../apps/payment/payment-env.js';
import { readModelEnv } from '../apps/read-model/read-model-env.js';
import { shippingEnv } from '../apps/shipping/shipping-env.js';
import { workerEnv } from '../apps/worker/worker-env.js';
import { envReference, type ProcessEnv } from '../lib/config/env-reference.js';
import { EXTRA_VARIABLES, UNDER_NPM_START } from './config-reference-npm-start.js';

export const CONFIG_START = '<!-- config:start (npm run docs:config) -->';
export const CONFIG_END = '<!-- config:end -->';
export const CONFIG_DOCUMENT = 'docs/configuration.md';

const PROCESSES: ProcessEnv[] = [
  { process: 'api', schema: apiEnv },
  { process: 'worker', schema: workerEnv },
  { process: 'inventory', schema: inventoryEnv },
  { process: 'payment', schema: paymentEnv },
  { process: 'shipping', schema: shippingEnv },
  { process: 'read-model', schema: readModelEnv },
  { process: 'launcher', schema: launcherEnv },
];

export function configReference(): string {
  const readByProcesses = new Set(
    PROCESSES.filter(({ process }) => process !== 'launcher').flatMap(({ schema }) =>
      Object.keys(schema.shape),
    ),
  );
  const launcherOwn = Object.keys(launcherEnv.shape).filter((name) => !readByProcesses.has(name));
  return envReference(PROCESSES, {
    underNpmStart: {
      ...Object.fromEntries(launcherOwn.map((name) => [name, 'the launcher’s own'])),
      ...UNDER_NPM_START,
    },
    extra: EXTRA_VARIABLES,
  });
}

/** The document with its configuration block replaced by the generated one. */
export function withConfigReference(document: string): string {
  const start = document.indexOf(CONFIG_START);
  const end = document.indexOf(CONFIG_END);
  if (start < 0 || end < start)
    throw new Error(`${CONFIG_DOCUMENT} lacks the ${CONFIG_START} markers`);
  return `${document.slice(0, start + CONFIG_START.length)}\n\n${configReference()}\n\n${document.slice(end)}`;
}

if (process.argv[1]?.endsWith('config-reference.js')) {
  const file = resolve(CONFIG_DOCUMENT); // npm runs scripts from the repository root
  await writeFile(file, withConfigReference(await readFile(file, 'utf8')));
  console.log(`${CONFIG_DOCUMENT}: configuration table updated`);
}
