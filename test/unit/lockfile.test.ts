// package-lock.json as npm ci reads it: every installed tarball is verified against the lock's
// integrity, and platform binaries declare their platform so npm installs only the machine's own.
// scripts/complete-lockfile.mjs fills in what npm leaves out when it writes the lock on one platform.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from '../support/production-compose.js';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  inBundle?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(`${REPO_ROOT}package-lock.json`, 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Entries npm downloads: everything but the root, links and packages bundled in another. */
const downloaded = Object.entries(lock.packages).filter(
  ([key, entry]) => key !== '' && entry.link !== true && entry.inBundle !== true,
);

const FIX = 'run `node scripts/complete-lockfile.mjs`';

describe('package-lock.json', () => {
  it('is a lockfile v3 with packages', () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(downloaded.length).toBeGreaterThan(100);
  });

  it(`gives every downloaded package an integrity hash (${FIX})`, () => {
    const withoutIntegrity = downloaded
      .filter(([, entry]) => !entry.integrity?.startsWith('sha512-'))
      .map(([key]) => key);
    expect(withoutIntegrity).toEqual([]);
  });

  it(`gives every downloaded package its registry tarball (${FIX})`, () => {
    const withoutResolved = downloaded
      .filter(([, entry]) => !entry.resolved?.startsWith('https://registry.npmjs.org/'))
      .map(([key]) => key);
    expect(withoutResolved).toEqual([]);
  });

  it(`lists every optional dependency, with the platform of each platform binary (${FIX})`, () => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      const optional = Object.keys(entry.optionalDependencies ?? {});
      const entries = optional.map((name) => ({
        name,
        found: lock.packages[`node_modules/${name}`],
      }));
      for (const { name, found } of entries) {
        if (!found) problems.push(`${key || 'root'}: ${name} has no entry`);
      }
      // A family of platform binaries: if one declares its platform, every one must.
      const family = entries.filter(({ found }) => found?.os ?? found?.cpu);
      if (family.length === 0) continue;
      for (const { name, found } of entries) {
        if (found && (!found.os || !found.cpu)) {
          problems.push(`${key}: ${name} declares no os/cpu, so npm installs it everywhere`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
