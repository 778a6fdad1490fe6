// Checks the Prometheus rules and runs their unit tests with promtool, which global setup
// resolves (building it from the Go module proxy on the first run) and passes in PROMTOOL_PATH.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';

const PROMETHEUS_DIR = fileURLToPath(new URL('../../observability/prometheus/', import.meta.url));
const OBSERVABILITY_DOC = fileURLToPath(new URL('../../docs/observability.md', import.meta.url));
const RULE_FILES = ['alerts.yml', 'recording-rules.yml'];
const RULE_TESTS = (await readdir(join(PROMETHEUS_DIR, 'tests')))
  .filter((file) => file.endsWith('.test.yml'))
  .sort();

interface PromtoolRun {
  exitCode: number;
  output: string;
}

async function promtool(...args: string[]): Promise<PromtoolRun> {
  const path = process.env.PROMTOOL_PATH;
  if (!path) {
    throw new Error(
      'PROMTOOL_PATH is not set: global setup could not find or build promtool (it needs Go; ' +
        '`npm run temporal:binaries` shows why). Set PROMTOOL_PATH to a promtool binary.',
    );
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(path, args, { cwd: PROMETHEUS_DIR });
    return { exitCode: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    const exitCode = typeof failed.code === 'number' ? failed.code : -1;
    return { exitCode, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

interface RuleFile {
  groups: { rules: { alert?: string; record?: string; expr: string }[] }[];
}
interface RuleTestFile {
  tests: {
    alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
    promql_expr_test?: { expr: string }[];
  }[];
}

async function ruleTests(): Promise<RuleTestFile['tests']> {
  const files = await Promise.all(
    RULE_TESTS.map((file) => readYaml<RuleTestFile>(join(PROMETHEUS_DIR, 'tests', file))),
  );
  return files.flatMap((file) => file.tests);
}

/**
 * The queries of the docs' cookbook: in its promql blocks, a `# <record name>` line, then the
 * query up to the next comment line or the end of the block.
 */
async function cookbookQueries(): Promise<{ record: string; expr: string }[]> {
  const doc = await readFile(OBSERVABILITY_DOC, 'utf8');
  const cookbook = doc.slice(doc.indexOf('## Query cookbook'));
  const queries: { record: string; expr: string }[] = [];
  for (const block of cookbook.matchAll(/```promql\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? '').split('\n')) {
      const name = /^# (\S+?):?(\s|$)/.exec(line)?.[1];
      const current = queries.at(-1);
      if (name) queries.push({ record: name, expr: '' });
      else if (current) current.expr += line;
    }
  }
  return queries;
}

const withoutWhitespace = (text: string) => text.replace(/\s+/g, '');

async function readYaml<T>(path: string): Promise<T> {
  return load(await readFile(path, 'utf8')) as T;
}

describe('the Prometheus rules', () => {
  it('pass promtool check rules, lint included', async () => {
    const run = await promtool('check', 'rules', '--lint=all', '--lint-fatal', ...RULE_FILES);
    expect(run).toEqual({ exitCode: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('are loaded by the scrape configuration, which passes promtool check config', async () => {
    const run = await promtool('check', 'config', '--lint=all', '--lint-fatal', 'prometheus.yml');
    expect(run.exitCode).toBe(0);
    for (const file of RULE_FILES) {
      expect(run.output).toMatch(new RegExp(`${file}\\s+SUCCESS`));
    }
  });

  it.each(RULE_TESTS)('pass the unit tests in %s (promtool test rules)', async (file) => {
    const run = await promtool('test', 'rules', join('tests', file));
    expect(run).toEqual({ exitCode: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('fail a unit test whose expectation is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alert-rules-test-'));
    try {
      const test = join(dir, 'wrong.test.yml');
      await writeFile(
        test,
        [
          'rule_files:',
          `  - ${JSON.stringify(join(PROMETHEUS_DIR, 'alerts.yml'))}`,
          'tests:',
          '  - interval: 1m',
          '    input_series:',
          `      - series: 'checkout_compensations_stuck_total{compensation="refundPayment"}'`,
          `        values: '0+1x15'`,
          '    alert_rule_test:',
          '      - eval_time: 10m',
          '        alertname: CheckoutCompensationStuck',
          '        exp_alerts: []',
          '',
        ].join('\n'),
      );
      const run = await promtool('test', 'rules', test);
      expect(run.exitCode).toBe(1);
      expect(run.output).toContain('CheckoutCompensationStuck');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('have a test where each alert fires and one where it stays quiet', async () => {
    const rules = await readYaml<RuleFile>(join(PROMETHEUS_DIR, 'alerts.yml'));
    const alerts = rules.groups.flatMap((group) => group.rules.flatMap((rule) => rule.alert ?? []));
    const cases = (await ruleTests()).flatMap((test) => test.alert_rule_test ?? []);
    const coverage = (alert: string) => {
      const own = cases.filter((test) => test.alertname === alert);
      return {
        alert,
        fires: own.some((test) => (test.exp_alerts ?? []).length > 0),
        staysQuiet: own.some((test) => (test.exp_alerts ?? []).length === 0),
      };
    };

    expect(alerts).toEqual(
      expect.arrayContaining([
        'CheckoutCompensationRateHigh',
        'CheckoutOrderDurationP95High',
        'CheckoutCompensationStuck',
        'CheckoutWorkflowTaskFailing',
        'CheckoutWorkflowTaskStarvation',
        'CheckoutActivityTaskStarvation',
        'CheckoutParticipantErrorRateHigh',
        'CheckoutReadModelConsumerLagging',
      ]),
    );
    expect(alerts.map(coverage)).toEqual(
      alerts.map((alert) => ({ alert, fires: true, staysQuiet: true })),
    );
  });

  it('have a unit test for each recording rule', async () => {
    const rules = await readYaml<RuleFile>(join(PROMETHEUS_DIR, 'recording-rules.yml'));
    const records = rules.groups.flatMap((group) =>
      group.rules.flatMap((rule) => rule.record ?? []),
    );
    // A quantile is tested through round(<record>, 0.001).
    const testedExpressions = (await ruleTests()).flatMap((test) =>
      (test.promql_expr_test ?? []).map((query) => query.expr),
    );
    const isTested = (record: string) =>
      testedExpressions.some((expr) => expr === record || expr.includes(`(${record},`));

    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((record) => !isTested(record))).toEqual([]);
  });

  it("are what the docs' query cookbook shows, whitespace aside", async () => {
    const rules = await readYaml<RuleFile>(join(PROMETHEUS_DIR, 'recording-rules.yml'));
    const expressions = new Map(
      rules.groups.flatMap((group) =>
        group.rules.flatMap((rule) => (rule.record ? [[rule.record, rule.expr] as const] : [])),
      ),
    );
    const queries = await cookbookQueries();

    expect(queries.length).toBeGreaterThanOrEqual(10);
    expect(queries.map(({ record, expr }) => ({ record, expr: withoutWhitespace(expr) }))).toEqual(
      queries.map(({ record }) => ({
        record,
        expr: withoutWhitespace(expressions.get(record) ?? '(no such recording rule)'),
      })),
    );
  });
});
