// Adds lockfile entries for optional platform binaries (swc, unrs-resolver) that a registry
// mirror without other platforms' packages leaves out. Without them `npm ci` refuses the lock as
// out of sync; with them npm skips the binaries that do not fit the machine, as usual.
// Run after `npm install` whenever the lock changes: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const missing = [];

for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || missing.some(([k]) => k === key)) continue;
    missing.push([key, { version, ...(entry.dev ? { dev: true } : {}), optional: true }]);
  }
}

if (missing.length > 0) {
  lock.packages = Object.fromEntries(
    [...Object.entries(packages), ...missing].sort(([a], [b]) =>
      a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1,
    ),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`package-lock.json: ${missing.length} optional platform entries added`);
