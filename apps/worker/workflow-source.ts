import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from '@temporalio/worker';

type WorkflowSource = Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'>;

/**
 * Production runs the bundle built by `npm run build` (no webpack at start-up, the same code on
 * every replica); development bundles workflows/ when the worker starts.
 */
export function workflowSource(bundlePath: string | undefined): WorkflowSource {
  if (bundlePath !== undefined) {
    if (!existsSync(bundlePath)) {
      throw new Error(
        `WORKFLOW_BUNDLE_PATH: no workflow bundle at ${bundlePath}; run npm run build`,
      );
    }
    return { workflowBundle: { codePath: bundlePath } };
  }
  return { workflowsPath: workflowsEntry() };
}

/** workflows/index.js next to the compiled worker, or workflows/index.ts when run from source. */
function workflowsEntry(): string {
  const compiled = fileURLToPath(new URL('../../workflows/index.js', import.meta.url));
  return existsSync(compiled) ? compiled : compiled.replace(/\.js$/, '.ts');
}
