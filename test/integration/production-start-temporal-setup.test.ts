// temporal-config/setup-namespace.sh, the compose job that prepares Temporal before the api and the
// worker start, run natively with the Temporal CLI resolved by the global setup (the admin-tools
// image carries a newer CLI with the same commands) against a dev server that has neither the
// namespace nor the search attributes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';
import { REPO_ROOT } from '../support/production-compose.js';
import { createDevServerEnvironment } from '../support/temporal-env.js';

const SCRIPT = join(REPO_ROOT, 'temporal-config/setup-namespace.sh');

/** temporal.api.enums.v1.IndexedValueType, the numbers the operator API answers with. */
const INDEXED_VALUE_TYPES = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
} as const;

let temporal: TestWorkflowEnvironment;
let workspace: string;

interface ScriptRun {
  exitCode: number;
  output: string;
}

function runSetup(env: Record<string, string>): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      'sh',
      [SCRIPT],
      {
        timeout: 120_000,
        env: {
          PATH: `${join(workspace, 'bin')}:${process.env.PATH ?? ''}`,
          // The CLI reads its client config from HOME: an empty one, not the developer's profiles.
          HOME: workspace,
          TEMPORAL_ADDRESS: temporal.address,
          SETUP_DELAY_SECONDS: '1',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({
          exitCode: error ? (typeof code === 'number' ? code : -1) : 0,
          output: `${stdout}${stderr}`,
        });
      },
    );
  });
}

beforeAll(async () => {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (cli === undefined || cli === '') {
    throw new Error('TEMPORAL_CLI_PATH is not set: the global setup resolves the Temporal CLI.');
  }
  workspace = await mkdtemp(join(tmpdir(), 'checkout-saga-setup-namespace-'));
  // The script calls `temporal`, as in the admin-tools image.
  await mkdir(join(workspace, 'bin'));
  await symlink(cli, join(workspace, 'bin', 'temporal'));
  temporal = await createDevServerEnvironment();
}, 120_000);

afterAll(async () => {
  await temporal.teardown();
  await rm(workspace, { recursive: true, force: true });
});

async function registered(namespace: string): Promise<Record<string, number>> {
  const { customAttributes } = await temporal.connection.operatorService.listSearchAttributes({
    namespace,
  });
  return { ...customAttributes };
}

describe('temporal-config/setup-namespace.sh', () => {
  it('creates the namespace with its retention and registers the search attributes, idempotently', async () => {
    const namespace = `checkout-${randomUUID().slice(0, 8)}`;
    const env = { TEMPORAL_NAMESPACE: namespace, NAMESPACE_RETENTION: '168h' };

    const first = await runSetup(env);
    expect(first).toEqual({ exitCode: 0, output: expect.stringContaining('created') });
    const expected = Object.fromEntries(
      ORDER_SEARCH_ATTRIBUTES.map(({ name, type }) => [name, INDEXED_VALUE_TYPES[type]]),
    );
    expect(await registered(namespace)).toEqual(expect.objectContaining(expected));
    const { config } = await temporal.connection.workflowService.describeNamespace({ namespace });
    expect(Number(config?.workflowExecutionRetentionTtl?.seconds)).toBe(168 * 3600);

    const again = await runSetup(env);
    expect(again).toEqual({ exitCode: 0, output: expect.stringContaining(`${namespace} exists`) });
    expect(await registered(namespace)).toEqual(expect.objectContaining(expected));
  }, 120_000);

  it('fails when an attribute exists with another type, or a line is not NAME=TYPE', async () => {
    const namespace = `checkout-${randomUUID().slice(0, 8)}`;
    expect((await runSetup({ TEMPORAL_NAMESPACE: namespace })).exitCode).toBe(0);

    const conflicting = join(workspace, 'conflicting.txt');
    await writeFile(conflicting, '# OrderTotal was registered as Double\nOrderTotal=Int\n');
    const conflict = await runSetup({
      TEMPORAL_NAMESPACE: namespace,
      SEARCH_ATTRIBUTES_FILE: conflicting,
    });
    expect(conflict.exitCode).not.toBe(0);
    expect(conflict.output).toContain('OrderTotal');

    const malformed = join(workspace, 'malformed.txt');
    await writeFile(malformed, 'OrderStatus Keyword\n');
    const bad = await runSetup({
      TEMPORAL_NAMESPACE: namespace,
      SEARCH_ATTRIBUTES_FILE: malformed,
    });
    expect(bad).toEqual({ exitCode: 1, output: expect.stringContaining('not a NAME=TYPE line') });
  }, 120_000);
});
