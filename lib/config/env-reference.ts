import { z } from 'zod';

export interface ProcessEnv {
  /** The process, e.g. `api`. */
  process: string;
  schema: z.ZodObject;
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
export function envReference(processes: ProcessEnv[]): string {
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
  const rows = [...uses.entries()].map(
    ([name, list]) =>
      `| \`${name}\` | ${defaults(list)} | ${list.map((u) => u.process).join(', ')} | ${list[0]?.description ?? ''} |`,
  );
  return ['| Variable | Default | Read by | Meaning |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

function defaults(list: VariableUse[]): string {
  const distinct = new Set(list.map((u) => u.defaultValue));
  if (distinct.size === 1) return formatDefault(list[0]?.defaultValue);
  return list.map((u) => `${u.process}: ${formatDefault(u.defaultValue)}`).join('<br>');
}

function formatDefault(value: string | undefined): string {
  return value === undefined ? '—' : `\`${value}\``;
}
