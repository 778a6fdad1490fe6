import { z } from 'zod';
import { cloudEventSchema } from './cloud-event.js';
import { schemaIdOf, type EventType } from './event-types.js';

/** The file in lib/events/schemas/ that holds the JSON Schema of `type`. */
export function schemaFileName(type: EventType): string {
  return `${type}.v1.json`;
}

/** The JSON Schema (draft 2020-12) of a whole event of `type`, its data included. */
export function eventJsonSchema(type: EventType): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(cloudEventSchema(type), { io: 'output' });
  return {
    $schema,
    $id: schemaIdOf(type),
    title: type,
    description: `A ${type} event: CloudEvents 1.0, JSON structured mode. Version 1.`,
    ...schema,
  };
}
