// The Dockerfile and .dockerignore as data, for the tests that check and exercise the image
// without a Docker engine. Covers the instructions the Dockerfile uses (FROM, ARG, ENV, WORKDIR,
// COPY, RUN, USER, EXPOSE, HEALTHCHECK, CMD); anything else is reported, not skipped silently.
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './production-compose.js';

export interface Instruction {
  keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  name: string;
  /** The image or stage it starts from, ARGs substituted. */
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

const KNOWN = new Set([
  'FROM',
  'ARG',
  'ENV',
  'WORKDIR',
  'COPY',
  'RUN',
  'USER',
  'EXPOSE',
  'HEALTHCHECK',
  'CMD',
]);

export function readDockerfile(path = `${REPO_ROOT}Dockerfile`): Dockerfile {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index] ?? '';
    if (/^\s*(#.*)?$/.test(first)) continue;
    let joined = first;
    const line = index + 1;
    while (joined.trimEnd().endsWith('\\')) {
      joined = joined.trimEnd().slice(0, -1);
      index++;
      const next = lines[index];
      if (next === undefined) break;
      if (/^\s*#/.test(next)) continue; // comments inside a continued instruction are dropped
      joined += ` ${next.trim()}`;
    }
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(joined);
    if (!match?.[1] || match[2] === undefined)
      throw new Error(`Line ${line}: cannot parse ${first}`);
    const keyword = match[1].toUpperCase();
    if (!KNOWN.has(keyword)) throw new Error(`Line ${line}: ${keyword} is not handled here`);
    instructions.push({ keyword, args: match[2].trim(), line });
  }

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name, ...rest] = instruction.args.split(/\s+/);
      if (
        image === undefined ||
        rest.length > 0 ||
        (as !== undefined && as.toUpperCase() !== 'AS')
      ) {
        throw new Error(`Line ${instruction.line}: FROM ${instruction.args}`);
      }
      stages.push({
        name: name ?? String(stages.length),
        from: substitute(image, globalArgs),
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') {
        throw new Error(`Line ${instruction.line}: only ARG may precede the first FROM`);
      }
      const [name, value = ''] = instruction.args.split('=', 2);
      if (name) globalArgs[name] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

function substitute(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => args[name] ?? '');
}

export function stage(dockerfile: Dockerfile, name: string): Stage {
  const found = dockerfile.stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`The Dockerfile has no stage ${name}`);
  return found;
}

export function finalStage(dockerfile: Dockerfile): Stage {
  const last = dockerfile.stages.at(-1);
  if (!last) throw new Error('The Dockerfile has no stage');
  return last;
}

/** A stage's instructions including those inherited from the stage it is built FROM. */
export function lineage(dockerfile: Dockerfile, of: Stage): Stage[] {
  const parent = dockerfile.stages.find((candidate) => candidate.name === of.from);
  return parent ? [...lineage(dockerfile, parent), of] : [of];
}

function instructionsOf(dockerfile: Dockerfile, of: Stage, keyword: string): Instruction[] {
  return lineage(dockerfile, of).flatMap((each) =>
    each.instructions.filter((instruction) => instruction.keyword === keyword),
  );
}

/** ENV of a stage: `ENV A=1 B="two"` (the key=value form only). */
export function stageEnv(dockerfile: Dockerfile, of: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args, line } of instructionsOf(dockerfile, of, 'ENV')) {
    for (const pair of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) {
      const [, name, raw, quoted] = pair;
      if (!name) throw new Error(`Line ${line}: ENV ${args}`);
      env[name] = quoted ?? raw ?? '';
    }
  }
  return env;
}

export function workdir(dockerfile: Dockerfile, of: Stage): string {
  const last = instructionsOf(dockerfile, of, 'WORKDIR').at(-1);
  if (!last) throw new Error(`Stage ${of.name} sets no WORKDIR`);
  return last.args;
}

export function user(dockerfile: Dockerfile, of: Stage): string | undefined {
  return instructionsOf(dockerfile, of, 'USER').at(-1)?.args;
}

/** Shell commands of a stage's own RUN instructions (shell form). */
export function runs(of: Stage): string[] {
  return of.instructions
    .filter((instruction) => instruction.keyword === 'RUN')
    .map((instruction) => {
      if (instruction.args.startsWith('[')) {
        throw new Error(`Line ${instruction.line}: only the shell form of RUN is handled`);
      }
      return instruction.args;
    });
}

export interface CopyInstruction {
  from?: string;
  sources: string[];
  destination: string;
  line: number;
}

export function copies(of: Stage): CopyInstruction[] {
  return of.instructions
    .filter((instruction) => instruction.keyword === 'COPY')
    .map(({ args, line }) => {
      const words = args.split(/\s+/);
      let from: string | undefined;
      while (words[0]?.startsWith('--')) {
        const flag = words.shift() ?? '';
        if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
        else if (!/^--(chown|chmod|link)(=|$)/.test(flag)) {
          throw new Error(`Line ${line}: COPY ${flag} is not handled`);
        }
      }
      const destination = words.pop();
      if (destination === undefined || words.length === 0) throw new Error(`Line ${line}: COPY`);
      return { ...(from !== undefined ? { from } : {}), sources: words, destination, line };
    });
}

/** The exec form (a JSON array) of CMD, or of HEALTHCHECK's CMD. */
function execForm(text: string, line: number): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`Line ${line}: expected the exec form, a JSON array of strings`);
  }
  return parsed;
}

export function cmd(dockerfile: Dockerfile, of: Stage): string[] {
  const last = instructionsOf(dockerfile, of, 'CMD').at(-1);
  if (!last) throw new Error(`Stage ${of.name} has no CMD`);
  return execForm(last.args, last.line);
}

export interface Healthcheck {
  options: Record<string, string>;
  command: string[];
}

export function healthcheck(dockerfile: Dockerfile, of: Stage): Healthcheck | undefined {
  const last = instructionsOf(dockerfile, of, 'HEALTHCHECK').at(-1);
  if (!last || /^NONE$/i.test(last.args)) return undefined;
  const at = last.args.search(/\bCMD\s/);
  if (at < 0) throw new Error(`Line ${last.line}: HEALTHCHECK without CMD`);
  const options = Object.fromEntries(
    [...last.args.slice(0, at).matchAll(/--([a-z-]+)=(\S+)/g)].map(([, key, value]) => [
      key ?? '',
      value ?? '',
    ]),
  );
  return { options, command: execForm(last.args.slice(at + 3).trim(), last.line) };
}

export function exposed(dockerfile: Dockerfile, of: Stage): number[] {
  return instructionsOf(dockerfile, of, 'EXPOSE').flatMap(({ args }) =>
    args.split(/\s+/).map((port) => Number(port.split('/')[0])),
  );
}

/**
 * Whether .dockerignore keeps a path out of the build context. Follows Docker's rules for the
 * patterns used here: later lines win, `!` re-includes, `*` matches within one path segment,
 * `**` across segments, and a pattern that matches a directory matches everything under it.
 */
export function createDockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const pattern = (include ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      const source = pattern
        .split('/')
        .map((segment) =>
          segment === '**'
            ? '.*'
            : segment
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/');
      return { include, regex: new RegExp(`^${source}(/.*)?$`) };
    });
  return (path) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.regex.test(path)) ignored = !rule.include;
    }
    return ignored;
  };
}
