import { z } from 'zod';

export interface ProcessEnv {
  /** The process, e.g. `api`. */
  process: string;
  schema: z.ZodObject;
}

/** A variable read outside the processes' zod schemas: by tooling, tests or docker-compose.yml. */
export interface ExtraVariable {
  name: string;
  defaultValue?: string;
  readBy: string;
  meaning: string;
}

export interface EnvReferenceOptions {
  /** What `npm start` does with each variable it treats specially; other rows say `inherited`. */
  underNpmStart?: Readonly<Record<string, string>>;
  /** Rows appended after the processes' own variables. */
  extra?: readonly ExtraVariable[];
}

interface VariableUse {
  process: string;
  description: string;
  defaultValue: string | undefined;
}

/**
 * A Markdown table of every environment variable the processes read, built from their schemas:
 * the documentation cannot drift from what the code validates.
 */
export function envReference(
  processes: ProcessEnv[],
  { underNpmStart = {}, extra = [] }: EnvReferenceOptions = {},
): string {
  const uses = new Map<string, VariableUse[]>();
  for (const { process, schema } of processes) {
    const { properties = {} } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    for (const [name, property] of Object.entries(properties)) {
      if (typeof property !== 'object') continue;
      const list = uses.get(name) ?? [];
      list.push({
        process,
        description: property.description ?? '',
        defaultValue:
          property.default === undefined
            ? undefined
            : JSON.stringify(property.default).replace(/^"|"$/g, ''),
      });
      uses.set(name, list);
    }
  }
  const npmStart = (name: string) => underNpmStart[name] ?? 'inherited';
  const rows = [
    ...[...uses.entries()].map(
      ([name, list]) =>
        `| \`${name}\` | ${defaults(list)} | ${list.map((u) => u.process).join(', ')} | ${npmStart(name)} | ${list[0]?.description ?? ''} |`,
    ),
    ...extra.map(
      (variable) =>
        `| \`${variable.name}\` | ${formatDefault(variable.defaultValue)} | ${variable.readBy} | ${npmStart(variable.name)} | ${variable.meaning} |`,
    ),
  ];
  return [
    '| Variable | Default | Read by | Under `npm start` | Meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function defaults(list: VariableUse[]): string {
  const distinct = new Set(list.map((u) => u.defaultValue));
  if (distinct.size === 1) return formatDefault(list[0]?.defaultValue);
  return list.map((u) => `${u.process}: ${formatDefault(u.defaultValue)}`).join('<br>');
}

function formatDefault(value: string | undefined): string {
  return value === undefined ? '—' : `\`${value}\``;
}
