// Opens an order's workflow in the Temporal Web UI with a headless Chromium and looks for texts on
// the rendered page: the activities' summaries in the history, the workflow's current details in
// its user metadata.
import { launchHeadlessChromium, type ChromiumPage } from './headless-chromium.js';

/** Texts to find on the page, after clicking the tab of that name when there is one. */
export interface PageView {
  name: string;
  tab?: string;
  texts: string[];
}

export interface OrderPageCheckOptions {
  /** The Web UI's base URL, e.g. http://localhost:8233 */
  webUiUrl: string;
  namespace: string;
  workflowId: string;
  views: PageView[];
  /** Where the PNGs of the page go: `<prefix>-<view name>.png`. */
  screenshotPrefix: string;
  /** How long each view may take to show its texts. @default 30 s */
  timeoutMs?: number;
}

export interface ViewResult {
  name: string;
  found: string[];
  missing: string[];
  screenshotPath: string;
}

export interface OrderPageCheckResult {
  url: string;
  browser: string;
  views: ViewResult[];
  seconds: number;
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
    const views: ViewResult[] = [];
    for (const view of options.views) {
      views.push(await checkView(chromium.page, view, options));
    }
    return {
      url,
      browser: chromium.version,
      views,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await chromium.close();
  }
}

async function checkView(
  page: ChromiumPage,
  view: PageView,
  options: OrderPageCheckOptions,
): Promise<ViewResult> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let clicked = view.tab === undefined;
  let missing = view.texts;
  // The UI renders in the browser and loads the workflow after the page: poll.
  while (missing.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!clicked && view.tab !== undefined) clicked = await page.clickText(view.tab);
    const text = await page.text();
    missing = view.texts.filter((expected) => !text.includes(expected));
  }
  const screenshotPath = `${options.screenshotPrefix}-${view.name}.png`;
  await page.screenshot(screenshotPath);
  return {
    name: view.name,
    found: view.texts.filter((text) => !missing.includes(text)),
    missing,
    screenshotPath,
  };
}

/**
 * What a declined card's order page must show: in the history, the summaries of its two steps
 * and of the compensation undoing the first; in the user metadata, the current details naming
 * the order's status.
 */
export function declinedOrderViews(orderId: string, status: string): PageView[] {
  return [
    {
      name: 'history',
      texts: [
        'step reserveInventory',
        'step chargePayment',
        'compensation releaseReservation, undoes reserveInventory',
      ],
    },
    { name: 'details', tab: 'User Metadata', texts: [`Order ${orderId} is ${status}`] },
  ];
}
