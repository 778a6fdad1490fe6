// Bundles the workflows once at build time; the production worker loads these files instead of
// running webpack at start-up. Usage: node dist/scripts/build-workflow-bundle.js [out-file]
//
// Two bundles of the same workflows: the plain one, and its traced twin with the SDK's tracing
// interceptors, which the worker loads only when tracing is on. The interceptors open and export
// spans on every workflow task, which costs a worker without an exporter for nothing.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { tracedBundlePath } from '../apps/worker/traced-bundle-path.js';
import { workflowTracingInterceptorsPath } from '../lib/telemetry/temporal.js';

const workflowsPath = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
const outFile = resolve(
  process.argv[2] ?? fileURLToPath(new URL('../workflow-bundle.js', import.meta.url)),
);

async function writeBundle(file: string, workflowInterceptorModules: string[]): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules,
    logger: new DefaultLogger('WARN'),
  });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, code);
  console.log(`Workflow bundle: ${file} (${(code.length / 1024).toFixed(0)} KiB)`);
}

// Side by side: much of a bundle's time is waiting on the file system.
await Promise.all([
  writeBundle(outFile, []),
  writeBundle(tracedBundlePath(outFile), [workflowTracingInterceptorsPath()]),
]);
