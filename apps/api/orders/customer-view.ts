import type { OrderState } from '../../../workflows/checkout/order-state.js';

/**
 * What in an error message tells about the system's insides: URLs, addresses with ports, IP
 * addresses, file and URL paths, the host a DNS lookup failed for.
 */
const INTERNALS: readonly RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+/gi,
  /\[[0-9a-f:.]+\](?::\d+)?/gi,
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g,
  /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*:\d{2,5}\b/gi,
  /(?<![\w.])(?:\/[\w.@%+~-]+){2,}\/?/g,
  /(?<=\b(?:ENOTFOUND|EAI_AGAIN)\s)\S+/g,
];

const HIDDEN = '[internal]';

/** The message with internal hosts, addresses and paths taken out. */
export function withoutInternals(message: string): string {
  return INTERNALS.reduce((text, pattern) => text.replace(pattern, HIDDEN), message);
}

interface ErrorTexts {
  lastError?: string;
  errors: { message: string }[];
}

function cleaned<Record extends ErrorTexts>(record: Record): Record {
  return {
    ...record,
    ...(record.lastError === undefined ? {} : { lastError: withoutInternals(record.lastError) }),
    errors: record.errors.map((error) => ({ ...error, message: withoutInternals(error.message) })),
  };
}

/** The order as a customer sees it: error texts keep their meaning but not where things run. */
export function customerView(state: OrderState): OrderState {
  return {
    ...state,
    steps: state.steps.map(cleaned),
    compensations: state.compensations.map(cleaned),
    ...(state.failure
      ? { failure: { ...state.failure, message: withoutInternals(state.failure.message) } }
      : {}),
  };
}
