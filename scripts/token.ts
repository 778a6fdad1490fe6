// `npm run --silent token -- --customer cus_123` or `-- --operator ops_1`: prints a bearer token,
// valid 12 hours, signed with the development key `npm start` keeps in its data folder, so the
// API it runs accepts it. Variables: LAUNCHER_DATA_DIR, AUTH_ISSUER, AUTH_AUDIENCE.
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEV_AUDIENCE,
  DEV_ISSUER,
  readDevPrivateKey,
  signDevToken,
  type DevRole,
} from '../lib/auth-dev/index.js';
import { projectRoot } from '../apps/launcher/project-paths.js';

const USAGE = 'usage: npm run --silent token -- --customer <customerId> | --operator <operatorId>';
const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,63}$/;

function request(argv: string[]): { subject: string; role: DevRole } {
  const { values } = parseArgs({
    args: argv,
    options: { customer: { type: 'string' }, operator: { type: 'string' } },
    strict: true,
  });
  const given = (['customer', 'operator'] as const).filter((role) => values[role] !== undefined);
  const role = given[0];
  const subject = role === undefined ? undefined : values[role];
  if (given.length !== 1 || role === undefined || subject === undefined) {
    throw new Error(`give exactly one of --customer or --operator\n${USAGE}`);
  }
  if (!SUBJECT.test(subject)) {
    throw new Error(`"${subject}" is not an id: 1–64 of A-Z a-z 0-9 _ . : @ -, starting alnum`);
  }
  return { subject, role };
}

/** A variable of the environment; empty means unset, as for every process of the project. */
function setting(name: string): string | undefined {
  const value = process.env[name];
  return value === '' ? undefined : value;
}

function dataDir(): string {
  const configured = setting('LAUNCHER_DATA_DIR') ?? '.data';
  return isAbsolute(configured) ? configured : resolve(projectRoot(), configured);
}

try {
  const { subject, role } = request(process.argv.slice(2));
  const token = await signDevToken({
    privateKeyPem: await readDevPrivateKey(dataDir()),
    subject,
    roles: [role],
    issuer: setting('AUTH_ISSUER') ?? DEV_ISSUER,
    audience: setting('AUTH_AUDIENCE') ?? DEV_AUDIENCE,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
