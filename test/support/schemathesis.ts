import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from '../../lib/temporal-binaries/cache-dir.js';

const run = promisify(execFile);

/** The schemathesis release the fuzz tests run, from PyPI. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * The `st` command of schemathesis, in a virtualenv cached outside the clone
 * (`${CHECKOUT_SAGA_CACHE_DIR:-~/.cache/checkout-saga}/schemathesis/<version>`), installed with
 * python3 and pip on first use.
 */
export async function resolveSchemathesis(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = join(cacheRoot(env), 'schemathesis', SCHEMATHESIS_VERSION);
  const st = join(dir, 'bin', 'st');
  if (await runs(st)) return st;
  await rm(dir, { recursive: true, force: true });
  const python = env.PYTHON ?? 'python3';
  await run(python, ['-m', 'venv', dir]);
  await run(
    join(dir, 'bin', 'pip'),
    ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`],
    {
      maxBuffer: 16 << 20,
    },
  );
  if (!(await runs(st)))
    throw new Error(`schemathesis was installed in ${dir} but ${st} does not run`);
  return st;
}

async function runs(st: string): Promise<boolean> {
  try {
    await access(st);
    const { stdout } = await run(st, ['--version']);
    return stdout.includes(SCHEMATHESIS_VERSION);
  } catch {
    return false;
  }
}

export interface FuzzExchange {
  method: string;
  url: string;
  status: number;
  responseBody: string;
}

export interface FuzzRun {
  /** The service that was fuzzed. */
  url: string;
  /** Every request schemathesis sent, with its answer. */
  exchanges: FuzzExchange[];
  /** The exchanges answered with a 5xx. */
  serverErrors: FuzzExchange[];
  /** schemathesis's own report: the checks that failed, if any. */
  output: string;
}

export interface FuzzOptions {
  /** Base URL of the service; its OpenAPI document is at `<url><documentPath>`. */
  url: string;
  documentPath?: string;
  /** Test cases per operation and phase. */
  maxExamples: number;
  /** Extra `st run` arguments, e.g. headers. */
  extraArgs?: string[];
}

/**
 * Runs `st run --checks all` against a running service and returns what was sent and answered
 * (from its HAR report), so a test can assert on the answers itself.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzRun> {
  const st = await resolveSchemathesis();
  const reportDir = await mkdtemp(join(tmpdir(), 'checkout-saga-schemathesis-'));
  const har = join(reportDir, 'run.har');
  const args = [
    'run',
    `${options.url}${options.documentPath ?? '/docs-json'}`,
    '--url',
    options.url,
    '--checks',
    'all',
    '--max-examples',
    String(options.maxExamples),
    '--seed',
    '20261204',
    '--workers',
    '2',
    '--suppress-health-check',
    'all',
    '--report',
    'har',
    '--report-har-path',
    har,
    ...(options.extraArgs ?? []),
  ];
  try {
    // A non-zero exit only means some check failed; the HAR says what happened.
    const { stdout, stderr } = await run(st, args, {
      // Its caches (.schemathesis, .hypothesis) go to the report folder, not the clone.
      cwd: reportDir,
      maxBuffer: 64 << 20,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' },
    }).catch((error: unknown) => {
      const {
        stdout = '',
        stderr = '',
        code,
      } = error as {
        stdout?: string;
        stderr?: string;
        code?: unknown;
      };
      if (typeof code !== 'number') throw error;
      return { stdout, stderr };
    });
    const exchanges = parseHar(await readFile(har, 'utf8').catch(() => '{}'));
    return {
      url: options.url,
      exchanges,
      serverErrors: exchanges.filter((exchange) => exchange.status >= 500),
      output: `${stdout}${stderr}`,
    };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number; content?: { text?: string } };
}

function parseHar(text: string): FuzzExchange[] {
  const entries = (JSON.parse(text) as { log?: { entries?: HarEntry[] } }).log?.entries ?? [];
  return entries.map((entry) => ({
    method: entry.request.method,
    url: entry.request.url,
    status: entry.response.status,
    responseBody: entry.response.content?.text ?? '',
  }));
}
