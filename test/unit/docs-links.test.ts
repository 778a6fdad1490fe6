// Every relative link of README.md and docs/ leads somewhere: the file exists in the repository,
// and an anchor names a heading of the linked document as GitHub renders it.
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import {
  documentationFiles,
  headingAnchors,
  links,
  readDocument,
  REPO_ROOT,
} from '../support/markdown.js';

const EXTERNAL = /^(https?:|mailto:)/;

function brokenLinks(document: string): string[] {
  const problems: string[] = [];
  for (const { target, line } of links(readDocument(document))) {
    if (EXTERNAL.test(target)) continue;
    const where = `${document}:${line} → ${target}`;
    const [path = '', anchor] = target.split('#', 2);
    const linked = path === '' ? document : normalize(join(dirname(document), decodeURI(path)));
    if (linked.startsWith('..') || linked.startsWith('/')) {
      problems.push(`${where}: outside the repository`);
      continue;
    }
    if (!existsSync(join(REPO_ROOT, linked))) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor !== undefined && linked.endsWith('.md')) {
      if (!headingAnchors(readDocument(linked)).has(anchor))
        problems.push(`${where}: no heading with this anchor in ${linked}`);
    }
  }
  return problems;
}

describe('the documentation’s links', () => {
  it('computes anchors as GitHub does', () => {
    const anchors = headingAnchors(
      [
        '# checkout-saga',
        '## The dev server’s settings',
        '## `npm start` and `npm test`',
        '```sh',
        '# not a heading',
        '```',
        '## Sizing the workers',
        '## Sizing the workers',
        '### What is verified without a Docker engine, and what is not',
      ].join('\n'),
    );
    expect([...anchors]).toEqual([
      'checkout-saga',
      'the-dev-servers-settings',
      'npm-start-and-npm-test',
      'sizing-the-workers',
      'sizing-the-workers-1',
      'what-is-verified-without-a-docker-engine-and-what-is-not',
    ]);
  });

  it('finds links outside code only', () => {
    const found = links(
      ['See [the API](docs/api.md#auth) and `[not](a-link.md)`.', '```', '[no](x.md)', '```'].join(
        '\n',
      ),
    );
    expect(found).toEqual([{ target: 'docs/api.md#auth', line: 1 }]);
  });

  it.each(documentationFiles())('%s: every relative link and anchor resolves', (document) => {
    expect(brokenLinks(document)).toEqual([]);
  });
});
