import { z } from 'zod';
import { EVENT_DATA_SCHEMAS, type EventData } from './event-data.js';
import { schemaIdOf, sourceOf, type EventSource, type EventType } from './event-types.js';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const EVENT_CONTENT_TYPE = 'application/json';

/** A CloudEvent 1.0 in JSON structured mode, as published on the topics. */
interface CloudEventOf<Type extends EventType> {
  specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  /** Unique per event: a consumer that sees one id twice drops the second. */
  id: string;
  source: EventSource;
  type: Type;
  /** The orderId, as in `data.orderId`. */
  subject: string;
  /** ISO 8601 with an offset: when the effect happened. */
  time: string;
  datacontenttype: typeof EVENT_CONTENT_TYPE;
  /** The id of the schema the event follows (`<...>:<type>:v1`). */
  dataschema?: string;
  data: EventData<Type>;
}

/** One event type's CloudEvent; without a type argument, the union of all (narrowed by `type`). */
export type CloudEvent<Type extends EventType = EventType> = Type extends EventType
  ? CloudEventOf<Type>
  : never;

/**
 * The event of `type` about `data.orderId`: source, subject, content type and schema id follow
 * from the type. `id` must be unique per event (participants use their outbox row's uuid).
 */
export function cloudEvent<Type extends EventType>(
  type: Type,
  data: EventData<Type>,
  options: { id: string; time?: Date },
): CloudEvent<Type> {
  const event: CloudEventOf<Type> = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: options.id,
    source: sourceOf(type),
    type,
    subject: data.orderId,
    time: (options.time ?? new Date()).toISOString(),
    datacontenttype: EVENT_CONTENT_TYPE,
    dataschema: schemaIdOf(type),
    data,
  };
  return event as CloudEvent<Type>;
}

const schemasByType = new Map<EventType, z.ZodType>();

/**
 * The zod schema of a whole event of `type`: the envelope, with that type's data. Built once per
 * type: every event published or consumed is checked against it, and building one costs far more
 * than a check.
 */
export function cloudEventSchema<Type extends EventType>(type: Type): z.ZodType<CloudEvent<Type>> {
  let schema = schemasByType.get(type);
  if (schema === undefined) {
    schema = buildCloudEventSchema(type);
    schemasByType.set(type, schema);
  }
  return schema as z.ZodType<CloudEvent<Type>>;
}

function buildCloudEventSchema(type: EventType): z.ZodType {
  const data: z.ZodType<{ orderId: string }> = EVENT_DATA_SCHEMAS[type];
  const schema = z
    // Loose: CloudEvents extension attributes (e.g. traceparent) may ride along.
    .looseObject({
      specversion: z.literal(CLOUDEVENTS_SPEC_VERSION),
      id: z.string().min(1).max(300).describe('Unique per event; consumers deduplicate by it.'),
      source: z.literal(sourceOf(type)),
      type: z.literal(type),
      subject: z.string().min(1).max(200).describe('The orderId, as in data.orderId.'),
      time: z.iso.datetime({ offset: true }).describe('When the effect happened.'),
      datacontenttype: z.literal(EVENT_CONTENT_TYPE),
      dataschema: z.literal(schemaIdOf(type)).optional(),
      data,
    })
    .refine((event) => event.subject === event.data.orderId, {
      path: ['subject'],
      message: 'must equal data.orderId',
    });
  return schema;
}
