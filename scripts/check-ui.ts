// npm run check:ui — the Web UI explains the saga, checked in a real headless Chromium: runs an
// order whose card is declined, opens its workflow in the Temporal Web UI, takes a screenshot and
// looks for the activities' summaries and the workflow's current details on the page.
// Uses a running `npm start` (API_PORT, TEMPORAL_UI_PORT, LAUNCHER_DATA_DIR) when there is one,
// otherwise starts the system itself on free ports. Exit status 0 when every text is found.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runningStack, startOwnStack } from './check-ui/checkout-stack.js';
import { runDeclinedOrder } from './check-ui/failed-order.js';
import { checkOrderPage, declinedOrderViews } from './check-ui/order-page-check.js';

const log = (line: string) => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<number> {
  const started = performance.now();
  const stack = (await runningStack()) ?? (await startOwnStack(log));
  try {
    log(`System: ${stack.origin}, API ${stack.apiUrl}, Web UI ${stack.webUiUrl}`);
    const order = await runDeclinedOrder(stack);
    log(`Order ${order.orderId} (a declined card) is ${order.status}`);
    const result = await checkOrderPage({
      webUiUrl: stack.webUiUrl,
      namespace: stack.namespace,
      workflowId: order.workflowId,
      views: declinedOrderViews(order.orderId, order.status),
      screenshotPrefix:
        process.env.CHECK_UI_SCREENSHOT_PREFIX ??
        join(tmpdir(), `checkout-saga-ui-${order.orderId}`),
    });
    log(`Opened ${result.url} in ${result.browser}`);
    const missing = result.views.flatMap((view) => view.missing);
    for (const view of result.views) {
      for (const text of view.found) log(`  ${view.name.padEnd(8)} found    ${text}`);
      for (const text of view.missing) log(`  ${view.name.padEnd(8)} MISSING  ${text}`);
      log(`  ${view.name.padEnd(8)} screenshot ${view.screenshotPath}`);
    }
    log(
      `${missing.length === 0 ? 'UI check passed' : 'UI check FAILED'} ` +
        `(page ${result.seconds.toFixed(1)} s, all ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    return missing.length === 0 ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`check:ui: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
