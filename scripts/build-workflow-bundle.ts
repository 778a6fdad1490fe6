// Bundles the workflows once at build time; the production worker loads this file instead of
// running webpack at start-up. Usage: node dist/scripts/build-workflow-bundle.js [out-file]
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowTracingInterceptorsPath } from '../lib/telemetry/temporal.js';

const workflowsPath = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
const outFile = resolve(
  process.argv[2] ?? fileURLToPath(new URL('../workflow-bundle.js', import.meta.url)),
);

const { code } = await bundleWorkflowCode({
  workflowsPath,
  // The tracing interceptors are always bundled; the worker drops their spans when tracing is off.
  workflowInterceptorModules: [workflowTracingInterceptorsPath()],
  logger: new DefaultLogger('WARN'),
});
await mkdir(dirname(outFile), { recursive: true });
await writeFile(outFile, code);
console.log(`Workflow bundle: ${outFile} (${(code.length / 1024).toFixed(0)} KiB)`);
