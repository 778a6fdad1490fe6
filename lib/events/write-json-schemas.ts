import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EVENT_TYPES } from './event-types.js';
import { eventJsonSchema, schemaFileName } from './json-schemas.js';

/**
 * Writes the JSON Schema file of every event type into the folder given as the first argument
 * (`npm run events:schemas` passes lib/events/schemas) and removes the v1 files of types that are
 * gone.
 */
async function writeJsonSchemas(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const wanted = new Set(EVENT_TYPES.map(schemaFileName));
  for (const file of await readdir(dir)) {
    // Only version 1 is generated; files of other versions are kept as written.
    if (file.endsWith('.v1.json') && !wanted.has(file)) await rm(join(dir, file));
  }
  for (const type of EVENT_TYPES) {
    const text = `${JSON.stringify(eventJsonSchema(type), null, 2)}\n`;
    await writeFile(join(dir, schemaFileName(type)), text);
  }
  process.stdout.write(`Wrote ${EVENT_TYPES.length} event schemas to ${dir}\n`);
}

const target = process.argv[2];
if (target === undefined) {
  process.stderr.write('usage: write-json-schemas <folder>\n');
  process.exit(2);
}
await writeJsonSchemas(resolve(target));
