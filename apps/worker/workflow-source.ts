import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '@temporalio/worker';
import { workflowTracingInterceptorsPath } from '../../lib/telemetry/temporal.js';
import { tracedBundlePath } from './traced-bundle-path.js';

interface WorkflowSource {
  code: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;
  /** Interceptor modules to bundle in with workflowsPath (a prebuilt bundle carries its own). */
  interceptorModules: string[];
}

/**
 * Production runs the bundles built by `npm run build` (no webpack at start-up, the same code on
 * every replica); development bundles workflows/ when the worker starts. With tracing on, the
 * workflows run with the SDK's tracing interceptors: the traced twin of the prebuilt bundle, or the
 * interceptors bundled in. Both bundles replay the same histories, so replicas may differ in it.
 */
export function workflowSource(bundlePath: string | undefined, traced: boolean): WorkflowSource {
  if (bundlePath !== undefined) {
    const codePath = traced ? tracedBundlePath(bundlePath) : bundlePath;
    if (!existsSync(codePath)) {
      throw new Error(
        `WORKFLOW_BUNDLE_PATH: no ${traced ? 'traced ' : ''}workflow bundle at ${codePath}; run npm run build`,
      );
    }
    return { code: { workflowBundle: { codePath } }, interceptorModules: [] };
  }
  return {
    code: { workflowsPath: workflowsEntry() },
    interceptorModules: traced ? [workflowTracingInterceptorsPath()] : [],
  };
}

/** workflows/index.js next to the compiled worker, or workflows/index.ts when run from source. */
function workflowsEntry(): string {
  const compiled = fileURLToPath(new URL('../../workflows/index.js', import.meta.url));
  return existsSync(compiled) ? compiled : compiled.replace(/\.js$/, '.ts');
}
