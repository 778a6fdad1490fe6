// Completes package-lock.json so that every package entry carries what npm needs to install it
// safely on any machine: `resolved` and `integrity` (each tarball is verified), and the `os`, `cpu`
// and `libc` of platform-specific packages (npm skips the ones that do not fit the machine).
//
// Two gaps are filled, both left by npm 11 when it writes the lockfile on one platform:
//   - optional platform binaries of other platforms (swc, unrs-resolver) that npm leaves out of the
//     lock, or writes as bare `{version, optional}`. Their metadata comes from the registry, one
//     `npm view <name>@<version> --json` per incomplete entry (only those are looked up);
//   - `resolved`, which npm omits when `omit-lockfile-registry-resolved` is set. It is the
//     registry's tarball address, derived from the name and version as npm itself derives it.
//
// Idempotent: complete entries are left alone, so a second run changes nothing. Run it after every
// `npm install`, `npm update` or `npm uninstall`:  node scripts/complete-lockfile.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const REGISTRY = 'https://registry.npmjs.org';
const PLATFORM_FIELDS = ['os', 'cpu', 'libc'];

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** `node_modules/a/node_modules/@s/b` → `@s/b`; an alias entry names its real package. */
function packageName(key, entry) {
  return entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

function tarballUrl(name, version) {
  const basename = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  return `${REGISTRY}/${name}/-/${basename}-${version}.tgz`;
}

/** Installed from the registry: not the root, a link or a package bundled inside another. */
function isRegistryEntry(key, entry) {
  return key.includes('node_modules/') && !entry.link && !entry.inBundle;
}

function registryMetadata(name, version) {
  const json = execFileSync('npm', ['view', `${name}@${version}`, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const parsed = JSON.parse(json);
  const metadata = Array.isArray(parsed) ? parsed.at(-1) : parsed;
  if (metadata?.version !== version || !metadata.dist?.integrity || !metadata.dist?.tarball) {
    throw new Error(`npm view ${name}@${version}: no such version or no dist.integrity/tarball`);
  }
  return metadata;
}

// 1. Optional dependencies npm left out of the lock entirely get an entry, completed in step 2.
let added = 0;
for (const entry of Object.values(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    packages[key] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added += 1;
  }
}

// 2. Entries without integrity: take integrity, resolved and the platform fields from the registry.
let completed = 0;
for (const [key, entry] of Object.entries(packages)) {
  if (!isRegistryEntry(key, entry) || entry.integrity) continue;
  const name = packageName(key, entry);
  const metadata = registryMetadata(name, entry.version);
  const { dev, optional, devOptional, peer, ...rest } = entry;
  packages[key] = {
    ...rest,
    version: entry.version,
    resolved: metadata.dist.tarball,
    integrity: metadata.dist.integrity,
    ...(metadata.license ? { license: metadata.license } : {}),
    ...(dev ? { dev } : {}),
    ...(optional ? { optional } : {}),
    ...(devOptional ? { devOptional } : {}),
    ...(peer ? { peer } : {}),
    ...Object.fromEntries(
      PLATFORM_FIELDS.filter((field) => metadata[field]).map((field) => [field, metadata[field]]),
    ),
    ...(metadata.engines ? { engines: metadata.engines } : {}),
  };
  completed += 1;
}

// 3. Entries without resolved: the registry's tarball address.
let resolved = 0;
for (const [key, entry] of Object.entries(packages)) {
  if (!isRegistryEntry(key, entry) || entry.resolved) continue;
  const withResolved = {};
  for (const [field, value] of Object.entries(entry)) {
    withResolved[field] = value;
    if (field === 'version') {
      withResolved.resolved = tarballUrl(packageName(key, entry), entry.version);
    }
  }
  packages[key] = withResolved;
  resolved += 1;
}

if (added + completed + resolved > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(
  `package-lock.json: ${added} missing optional entries added, ${completed} completed from the ` +
    `registry, ${resolved} given their resolved address`,
);
