// The README's "Try it", exactly as printed: its shell block is taken from README.md, not copied
// here, and run with bash against the stack `npm start` runs (started with fault injection on, as
// the README says). Only API, PAYMENT and the launcher's data folder (for `npm run token`) point it
// at this stack's ports; the script reads them with the README's defaults.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { removeDataDir, startStack, type E2eStack } from '../support/e2e-stack.js';
import { codeBlocksUnder, readDocument, REPO_ROOT } from '../support/markdown.js';

const SCRIPT_TIMEOUT_MS = 300_000;

interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** bash with errexit and pipefail, so a failing command fails the run as a reader would see it. */
function runBash(script: string, env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-e', '-o', 'pipefail', '-c', script],
      { cwd: REPO_ROOT, env, timeout: SCRIPT_TIMEOUT_MS, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the README’s Try it', () => {
  const blocks = codeBlocksUnder(readDocument('README.md'), 'Try it');
  let stack: E2eStack | undefined;

  beforeAll(async () => {
    process.env.FAULT_INJECTION_ENABLED = 'true';
    stack = await startStack();
  }, 300_000);

  afterAll(async () => {
    if (!stack) return;
    await stack.stop();
    await removeDataDir(stack.dataDir);
  }, 120_000);

  it(
    'runs as printed: completed, declined, card challenge, cancel, and an operator resolving a refund',
    async () => {
      expect(blocks).toHaveLength(1);
      if (!stack) throw new Error('the stack did not start');
      const run = await runBash(blocks.join('\n'), {
        ...process.env,
        API: `http://127.0.0.1:${stack.ports.API_PORT}`,
        PAYMENT: stack.services.payment.url,
        LAUNCHER_DATA_DIR: stack.dataDir,
      });

      const output = `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      expect(output).toMatch(/^exit 0\n/);
      const order = 'ord_[0-9a-f]+';
      const lines = run.stdout.trim().split('\n');
      const expected = [
        new RegExp(`^${order} is COMPLETED$`),
        /^\{"status":"COMPLETED","total":\{"amount":49800,"currency":"USD"\}\}$/,
        new RegExp(`^${order} is FAILED$`),
        /^\{"failure":"PAYMENT_DECLINED","compensations":\[.*\{"name":"releaseReservation","status":"COMPLETED"\}\]\}$/,
        new RegExp(`^${order} is AWAITING_PAYMENT_CONFIRMATION$`),
        /^\{"status":"SUCCEEDED"\}$/,
        new RegExp(`^${order} is COMPLETED$`),
        new RegExp(`^${order} is AWAITING_PAYMENT_CONFIRMATION$`),
        new RegExp(`^/orders/${order}/cancel 202$`),
        new RegExp(`^${order} is CANCELLED$`),
        new RegExp(`^${order} is AWAITING_PAYMENT_CONFIRMATION$`),
        new RegExp(`^/orders/${order}/cancel 202$`),
        /^\{"status":"RETRYING","attempts":\d+,"lastError":".+"\}$/,
        new RegExp(`^/orders/${order}/compensations/refundPayment/resolve 202$`),
        new RegExp(`^${order} is CANCELLED$`),
        /^\{"action":"resolve","by":"ops_1","reason":"voided by hand at the provider"\}$/,
      ];
      expect({ output, lines: lines.length }).toEqual({ output, lines: expected.length });
      for (const [index, pattern] of expected.entries()) {
        expect({ line: index + 1, text: lines[index] }).toEqual({
          line: index + 1,
          text: expect.stringMatching(pattern),
        });
      }
    },
    SCRIPT_TIMEOUT_MS + 10_000,
  );
});
