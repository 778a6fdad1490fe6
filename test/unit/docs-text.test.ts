// The repository describes itself: no text points at a file outside it, and none talks about the
// machines it was developed on (a reader has their own).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/markdown.js';

const SKIPPED = new Set(['node_modules', 'dist', '.git', '.data', 'results']);
const TEXT_FILE = /\.(md|ts|mjs|js|json|ya?ml|sh|txt|sql)$|^(Dockerfile|run|\.dockerignore)$/;
/** Recorded histories hold stack traces, with whatever paths the recording ran from. */
const RECORDED = /^test\/histories\/.*\.json$|^package-lock\.json$/;
const THIS_FILE = 'test/unit/docs-text.test.ts';

const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  { pattern: /\bDESIGN\.md\b|\bCONTRACT\.md\b/, why: 'a design file outside the repository' },
  { pattern: /\.\.\/shared\/|\/work\/|\bcoordination\//, why: 'a path outside the repository' },
  {
    pattern: /\bthe (?:2-core )?development machines?\b|\bthese machines\b/i,
    why: 'the machines the project was developed on',
  },
  {
    pattern: /\bmachines? (?:this|the) project (?:is|was) (?:developed|built|tested)/i,
    why: 'the machines the project was developed on',
  },
  { pattern: /\bother developers\b/i, why: 'who else worked on the machine' },
];

function repositoryTextFiles(dir = ''): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : repositoryTextFiles(path);
    return TEXT_FILE.test(entry.name) && !RECORDED.test(path) && path !== THIS_FILE ? [path] : [];
  });
}

describe('the repository’s text', () => {
  it('finds what it forbids', () => {
    const flagged = [
      'Measured on the 2-core development machine',
      'the npm of the machines this project is developed on',
      'see ../shared/DESIGN.md',
      'other developers’ builds',
    ].filter((text) => FORBIDDEN.some(({ pattern }) => pattern.test(text)));
    expect(flagged).toHaveLength(4);
    expect(
      FORBIDDEN.some(({ pattern }) => pattern.test('tuned for a development machine, where')),
    ).toBe(false);
  });

  it('mentions no file outside the repository and no development machine', () => {
    const files = repositoryTextFiles();
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/configuration.md', '.ci/run']),
    );
    const problems = files.flatMap((path) =>
      readFileSync(join(REPO_ROOT, path), 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          FORBIDDEN.filter(({ pattern }) => pattern.test(line)).map(
            ({ why }) => `${path}:${index + 1}: ${why}: ${line.trim().slice(0, 120)}`,
          ),
        ),
    );
    expect(problems).toEqual([]);
  });
});
