import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseSearchAttributes } from '../../apps/launcher/search-attributes.js';
import { ORDER_SEARCH_ATTRIBUTES } from '../../workflows/checkout/search-attributes.js';

/** The type names of `temporal operator search-attribute create --type`, as the SDK names them. */
const CLI_TYPES = {
  Text: 'TEXT',
  Keyword: 'KEYWORD',
  Int: 'INT',
  Double: 'DOUBLE',
  Bool: 'BOOL',
  Datetime: 'DATETIME',
  KeywordList: 'KEYWORD_LIST',
} as const;

const file = readFileSync(
  new URL('../../temporal-config/search-attributes.txt', import.meta.url),
  'utf8',
);

/** The lines that are not blank and not comments, as setup-namespace.sh reads them. */
const entries = file
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter((line) => line !== '');

describe('temporal-config/search-attributes.txt', () => {
  it('has one NAME=Type line per attribute, in a form the setup script and the CLI accept', () => {
    for (const entry of entries) {
      expect(entry).toMatch(
        new RegExp(`^[A-Za-z][A-Za-z0-9_]*=(${Object.keys(CLI_TYPES).join('|')})$`),
      );
    }
  });

  it('lists exactly the search attributes the checkout workflow sets, with their types', () => {
    // As npm start reads the file for the dev server.
    const declared = parseSearchAttributes(file, 'search-attributes.txt').map(({ name, type }) => ({
      name,
      type: CLI_TYPES[type],
    }));
    const used = ORDER_SEARCH_ATTRIBUTES.map(({ name, type }) => ({ name, type }));
    expect(declared).toEqual(used);
  });
});
