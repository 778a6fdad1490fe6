// A headless Chromium (Debian's `chromium` package, or CHROMIUM_PATH) driven over the Chrome
// DevTools Protocol with Node's own WebSocket: no browser download, no driver library.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];
const START_TIMEOUT_MS = 30_000;

export interface ChromiumPage {
  navigate(url: string): Promise<void>;
  /** The page's visible text (`document.body.innerText`). */
  text(): Promise<string>;
  /** Writes a PNG of the whole page. */
  screenshot(path: string): Promise<void>;
  /** Clicks the first link, button or tab whose text is exactly `text`; false if none shows. */
  clickText(text: string): Promise<boolean>;
}

export interface HeadlessChromium {
  executable: string;
  version: string;
  page: ChromiumPage;
  close(): Promise<void>;
}

/** The Chromium to run: CHROMIUM_PATH, else the first of chromium, chromium-browser on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : CANDIDATES;
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    env.CHROMIUM_PATH
      ? `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which does not run (--version failed).`
      : 'No Chromium found on PATH (chromium, chromium-browser, google-chrome). On Debian: ' +
          'sudo apt-get install -y chromium, or set CHROMIUM_PATH.',
  );
}

/** Starts a headless Chromium with one page of the given size. */
export async function launchHeadlessChromium(
  options: { width?: number; height?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<HeadlessChromium> {
  const executable = findChromium(options.env);
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const profile = await mkdtemp(join(tmpdir(), 'checkout-saga-chromium-'));
  const child = spawn(
    executable,
    [
      '--headless',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      '--remote-debugging-port=0',
      // Keeps sandboxed iframes (the Web UI's rendered markdown) in the page's process, where
      // DOM.getDocument reaches their documents.
      '--disable-features=IsolateSandboxedIframes',
      `--user-data-dir=${profile}`,
      // Chromium refuses to run as root with its sandbox on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const closeBrowser = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const browserUrl = await devToolsUrl(child.stderr);
    const cdp = await CdpConnection.open(browserUrl);
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
    });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const page = new CdpPage(cdp, sessionId);
    await page.setUp(options.width ?? 1440, options.height ?? 1800);
    return {
      executable,
      version,
      page,
      close: async () => {
        cdp.close();
        await closeBrowser();
      },
    };
  } catch (error) {
    await closeBrowser();
    throw error;
  }
}

function devToolsUrl(stderr: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`Chromium printed no DevTools address in 30 s:\n${output}`));
    }, START_TIMEOUT_MS);
    stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /DevTools listening on (ws:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    stderr.once('end', () => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited before listening:\n${output}`));
    });
  });
}

interface CdpReply {
  id?: number;
  result?: unknown;
  error?: { message: string };
  method?: string;
  sessionId?: string;
}

class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event: MessageEvent) => {
      const data: unknown = event.data;
      if (typeof data !== 'string') return;
      const reply = JSON.parse(data) as CdpReply;
      if (reply.id === undefined) return;
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.error) waiter?.reject(new Error(`DevTools: ${reply.error.message}`));
      else waiter?.resolve(reply.result);
    });
    socket.addEventListener('close', () => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('DevTools closed'));
      this.pending.clear();
    });
  }

  static open(url: string): Promise<CdpConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => {
        resolve(new CdpConnection(socket));
      });
      socket.addEventListener('error', () => {
        reject(new Error(`Could not connect to Chromium's DevTools at ${url}`));
      });
    });
  }

  send<Result>(method: string, params: object = {}, sessionId?: string): Promise<Result> {
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (value) => {
          resolve(value as Result);
        },
        reject,
      });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** DOM's nodeType of a text node. */
const TEXT_NODE = 3;

interface DomNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  children?: DomNode[];
  contentDocument?: DomNode;
}

/**
 * The documents of the page's frames. The Web UI renders markdown (the current details) in a
 * sandboxed iframe, whose text the page's own `innerText` leaves out.
 */
function frameDocuments(node: DomNode): DomNode[] {
  const own = node.contentDocument
    ? [node.contentDocument, ...frameDocuments(node.contentDocument)]
    : [];
  return [...own, ...(node.children ?? []).flatMap(frameDocuments)];
}

/** The text nodes of a document, in order, outside scripts and styles. */
function textOf(node: DomNode): string {
  if (node.nodeType === TEXT_NODE) return node.nodeValue;
  if (node.nodeName === 'SCRIPT' || node.nodeName === 'STYLE' || node.contentDocument) return '';
  return (node.children ?? []).map(textOf).join('');
}

class CdpPage implements ChromiumPage {
  constructor(
    private readonly cdp: CdpConnection,
    private readonly sessionId: string,
  ) {}

  async setUp(width: number, height: number): Promise<void> {
    await this.send('Page.enable');
    await this.send('Emulation.setDeviceMetricsOverride', {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }

  async navigate(url: string): Promise<void> {
    const { errorText } = await this.send<{ errorText?: string }>('Page.navigate', { url });
    if (errorText) throw new Error(`Chromium could not open ${url}: ${errorText}`);
  }

  async text(): Promise<string> {
    const { result } = await this.send<{ result: { value?: unknown } }>('Runtime.evaluate', {
      expression: 'document.body ? document.body.innerText : ""',
      returnByValue: true,
    });
    const { root } = await this.send<{ root: DomNode }>('DOM.getDocument', {
      depth: -1,
      pierce: true,
    });
    const main = typeof result.value === 'string' ? result.value : '';
    return [main, ...frameDocuments(root).map(textOf)].join('\n');
  }

  async clickText(text: string): Promise<boolean> {
    const { result } = await this.send<{ result: { value?: unknown } }>('Runtime.evaluate', {
      expression: `(() => {
        const wanted = ${JSON.stringify(text)};
        const candidates = document.querySelectorAll('a, button, [role="tab"]');
        const target = [...candidates].find((element) => element.innerText.trim() === wanted);
        if (!target) return false;
        target.click();
        return true;
      })()`,
      returnByValue: true,
    });
    return result.value === true;
  }

  async screenshot(path: string): Promise<void> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
    });
    await writeFile(path, Buffer.from(data, 'base64'));
  }

  private send<Result = unknown>(method: string, params: object = {}): Promise<Result> {
    return this.cdp.send<Result>(method, params, this.sessionId);
  }
}
