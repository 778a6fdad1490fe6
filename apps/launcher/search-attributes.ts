import { readFile } from 'node:fs/promises';

/** Search attribute types as the dev server's --search-attribute flag spells them. */
export const SEARCH_ATTRIBUTE_TYPES = {
  Text: 1,
  Keyword: 2,
  Int: 3,
  Double: 4,
  Bool: 5,
  Datetime: 6,
  KeywordList: 7,
} as const; // the numbers are temporal.api.enums.v1.IndexedValueType

export type SearchAttributeTypeName = keyof typeof SEARCH_ATTRIBUTE_TYPES;

export interface SearchAttributeDefinition {
  name: string;
  type: SearchAttributeTypeName;
}

/** `NAME=Type` lines; `#` starts a comment. The file is shared with Docker Compose. */
export function parseSearchAttributes(text: string, source: string): SearchAttributeDefinition[] {
  const definitions: SearchAttributeDefinition[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([A-Za-z]+)$/.exec(line);
    const type = match?.[2];
    if (!match?.[1] || !type || !(type in SEARCH_ATTRIBUTE_TYPES)) {
      throw new Error(
        `${source}:${index + 1}: expected NAME=Type with Type one of ` +
          `${Object.keys(SEARCH_ATTRIBUTE_TYPES).join(', ')}, got "${line}"`,
      );
    }
    definitions.push({ name: match[1], type: type as SearchAttributeTypeName });
  });
  return definitions;
}

export async function readSearchAttributes(file: string): Promise<SearchAttributeDefinition[]> {
  return parseSearchAttributes(await readFile(file, 'utf8'), file);
}
