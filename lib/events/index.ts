export {
  CLOUDEVENTS_SPEC_VERSION,
  cloudEvent,
  cloudEventSchema,
  EVENT_CONTENT_TYPE,
  type CloudEvent,
} from './cloud-event.js';
export { EVENT_DATA_SCHEMAS, type EventData } from './event-data.js';
export {
  EVENT_TOPICS,
  EVENT_TYPES,
  isEventType,
  schemaIdOf,
  sourceOf,
  TOPIC_SOURCES,
  TOPICS,
  topicOf,
  type EventSource,
  type EventTopic,
  type EventType,
  type EventTypeOf,
} from './event-types.js';
export { eventJsonSchema, schemaFileName } from './json-schemas.js';
export { InvalidCloudEvent, parseCloudEvent, validateEvent } from './parse-cloud-event.js';
