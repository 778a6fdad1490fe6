// Opens an order's workflow in the Temporal Web UI with a headless Chromium and looks for texts on
// the rendered page: the activities' summaries and the workflow's current details.
import { launchHeadlessChromium } from './headless-chromium.js';

export interface OrderPageCheckOptions {
  /** The Web UI's base URL, e.g. http://localhost:8233 */
  webUiUrl: string;
  namespace: string;
  workflowId: string;
  /** Texts that must all appear on the page. */
  expectedTexts: string[];
  /** Where the PNG of the page goes. */
  screenshotPath: string;
  /** How long the page may take to show every text. @default 60 s */
  timeoutMs?: number;
}

export interface OrderPageCheckResult {
  url: string;
  browser: string;
  found: string[];
  missing: string[];
  screenshotPath: string;
  seconds: number;
  /** The page's visible text when the check ended. */
  pageText: string;
}

/** The workflow's page; the UI opens its latest run's history. */
export function workflowPageUrl(webUiUrl: string, namespace: string, workflowId: string): string {
  const base = webUiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export async function checkOrderPage(
  options: OrderPageCheckOptions,
): Promise<OrderPageCheckResult> {
  const started = performance.now();
  const url = workflowPageUrl(options.webUiUrl, options.namespace, options.workflowId);
  const chromium = await launchHeadlessChromium();
  try {
    await chromium.page.navigate(url);
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    let pageText = '';
    let missing = options.expectedTexts;
    // The UI renders in the browser and loads the history after the page: poll the text.
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      pageText = await chromium.page.text();
      missing = options.expectedTexts.filter((text) => !pageText.includes(text));
    }
    await chromium.page.screenshot(options.screenshotPath);
    return {
      url,
      browser: chromium.version,
      found: options.expectedTexts.filter((text) => !missing.includes(text)),
      missing,
      screenshotPath: options.screenshotPath,
      seconds: (performance.now() - started) / 1000,
      pageText,
    };
  } finally {
    await chromium.close();
  }
}

/**
 * What a declined card's order page must show: the summaries of its two steps and of the
 * compensation undoing the first, and the current details naming the order's status.
 */
export function expectedOrderPageTexts(orderId: string, status: string): string[] {
  return [
    'step reserveInventory',
    'step chargePayment',
    'compensation releaseReservation, undoes reserveInventory',
    `Order ${orderId} is ${status}`,
  ];
}
