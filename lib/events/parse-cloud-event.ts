import type { z } from 'zod';
import { cloudEventSchema, type CloudEvent } from './cloud-event.js';
import { EVENT_TYPES, isEventType } from './event-types.js';

/** A message that is not a valid event of a known type; the message names what is wrong. */
export class InvalidCloudEvent extends Error {
  override readonly name = 'InvalidCloudEvent';

  constructor(
    readonly problems: string[],
    what: string,
  ) {
    super(`Invalid CloudEvent${what}: ${problems.join('; ')}`);
  }
}

/** Parses a message's value (JSON structured mode) into a typed event, or throws InvalidCloudEvent. */
export function parseCloudEvent(text: string): CloudEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidCloudEvent([`not JSON (${(error as Error).message})`], '');
  }
  return validateEvent(value);
}

/** Checks a value against its type's schema; returns it typed, or throws InvalidCloudEvent. */
export function validateEvent(value: unknown): CloudEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCloudEvent(['not a JSON object'], '');
  }
  const { id, type } = value as { id?: unknown; type?: unknown };
  const what = typeof id === 'string' ? ` ${JSON.stringify(id)}` : '';
  if (!isEventType(type)) {
    throw new InvalidCloudEvent(
      [
        type === undefined
          ? 'type: missing'
          : `type: unknown event type ${JSON.stringify(type)} (known: ${EVENT_TYPES.join(', ')})`,
      ],
      what,
    );
  }
  const result = cloudEventSchema(type).safeParse(value);
  if (!result.success) {
    throw new InvalidCloudEvent(result.error.issues.map(describeIssue), `${what} of type ${type}`);
  }
  return result.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  return `${path || '(event)'}: ${issue.message}${keys}`;
}
