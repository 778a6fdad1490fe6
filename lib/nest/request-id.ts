import { randomUUID } from 'node:crypto';

/** What a caller's X-Request-Id may be; anything else is replaced, never logged or echoed. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && VALID_REQUEST_ID.test(header) ? header : randomUUID();
}
