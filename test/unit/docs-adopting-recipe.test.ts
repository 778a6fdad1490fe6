// docs/adopting.md's "Add a saga step safely", checked: the step as the document prints it, put
// into a copy of the workflow code, keeps every committed history replaying; the same step without
// its patched() guard breaks them. The copy lives in a temporary folder whose node_modules links to
// the repository's, so that the bundler compiles the copy and resolves the packages as for workflows/.
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundle } from '@temporalio/worker';
import { installQuietRuntime } from '../support/quiet-runtime.js';
import { codeBlocksUnder, readDocument, REPO_ROOT } from '../support/markdown.js';

const WORKFLOW_FILE = 'workflows/checkout/checkout.workflow.ts';
/** Where the recipe's step goes: between the reservation and the charge. */
const SEAM = /order\.priced\(reservation\);\s*order\.moveTo\('CHARGING_PAYMENT'\);/;

interface History {
  name: string;
  history: unknown;
  workflowId: string;
}

/** The recipe's workflow snippet: the patch id's declaration and the guarded step. */
function recipeSnippet(): { declaration: string; step: string } {
  const section = readDocument('docs/adopting.md');
  const snippet = codeBlocksUnder(section, 'Add a saga step safely', ['ts']).find((block) =>
    block.includes('patched('),
  );
  if (snippet === undefined) throw new Error('docs/adopting.md shows no patched() step');
  const lines = snippet
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
  const declaration = /^export const \w+ = '[^']+';$/m.exec(lines)?.[0];
  if (declaration === undefined) throw new Error('the snippet declares no patch id');
  return { declaration, step: lines.replace(declaration, '').trim() };
}

async function workflowCopy(
  copies: string,
  name: string,
  edit: (source: string) => string,
): Promise<string> {
  const root = join(copies, name);
  await mkdir(join(root, 'lib'), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  await cp(join(REPO_ROOT, 'workflows'), join(root, 'workflows'), { recursive: true });
  await cp(join(REPO_ROOT, 'lib/events'), join(root, 'lib/events'), { recursive: true });
  const file = join(root, WORKFLOW_FILE);
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return join(root, 'workflows/index.ts');
}

async function bundle(workflowsPath: string): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
}

async function committedHistories(): Promise<History[]> {
  const dir = join(REPO_ROOT, 'test/histories');
  const files = (await readdir(dir)).filter((file) => file.endsWith('.json'));
  return Promise.all(
    files.map(async (file) => {
      const history = JSON.parse(await readFile(join(dir, file), 'utf8')) as {
        events: {
          workflowExecutionStartedEventAttributes?: { input?: { payloads?: { data?: string }[] } };
        }[];
      };
      const data =
        history.events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data ??
        '';
      const { orderId } = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as {
        orderId: string;
      };
      return { name: file.replace(/\.json$/, ''), history, workflowId: `order-${orderId}` };
    }),
  );
}

describe('docs/adopting.md: adding a saga step behind patched()', () => {
  const { declaration, step } = recipeSnippet();
  let histories: History[];
  let guarded: WorkflowBundle;
  let unguarded: WorkflowBundle;
  let copies: string;

  beforeAll(async () => {
    installQuietRuntime();
    histories = await committedHistories();
    copies = await mkdtemp(join(tmpdir(), 'adopting-recipe-'));
    const insert = (body: string) => (source: string) => {
      if (!SEAM.test(source)) throw new Error(`${WORKFLOW_FILE} no longer has the recipe's seam`);
      const withStep = source.replace(SEAM, body);
      return withStep.replace(/^export async function checkout/m, `${declaration}\n\n$&`);
    };
    guarded = await bundle(await workflowCopy(copies, 'guarded', insert(step)));
    const withoutGuard = step.replace(/if \(patched\(\w+\)\) \{([\s\S]*)\}/, '$1');
    unguarded = await bundle(await workflowCopy(copies, 'unguarded', insert(withoutGuard)));
  }, 240_000);

  afterAll(async () => {
    await rm(copies, { recursive: true, force: true });
  });

  it('keeps every committed history replaying', async () => {
    expect(histories.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const { name, history, workflowId } of histories) {
      await Worker.runReplayHistory({ workflowBundle: guarded }, history, workflowId).catch(
        (error: unknown) => failures.push(`${name}: ${String(error)}`),
      );
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('breaks running orders without the guard', async () => {
    const completed = histories.find((h) => h.name === 'completed');
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: unguarded },
        completed?.history,
        completed?.workflowId,
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 60_000);
});
