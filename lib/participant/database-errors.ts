import { ProblemException } from '../nest/index.js';

/**
 * SQLSTATEs worth a retry: serialization failure, deadlock, lock or statement timeout,
 * server shutting down, too many connections, out of resources.
 */
const TRANSIENT_SQLSTATES = new Set([
  '40001',
  '40P01',
  '55P03',
  '57014',
  '57P01',
  '57P02',
  '57P03',
  '53000',
  '53100',
  '53200',
  '53300',
]);

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg reports a lost or unobtainable connection only through its message. */
const TRANSIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect/i;

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string') {
    // Class 08: connection exceptions.
    if (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08')) return true;
    if (TRANSIENT_NETWORK_CODES.has(code)) return true;
  }
  return TRANSIENT_MESSAGES.test(error.message);
}

/** SQLSTATE class 22, data exception: a value the database cannot take (bad text, overflow). */
export function isDataError(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return error instanceof Error && typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * A busy or unreachable database is the caller's cue to retry: 503, not 500. A value the
 * database refuses is the caller's input: 400, and nothing was changed.
 */
export function asServiceError(error: unknown): unknown {
  if (isDataError(error)) {
    return new ProblemException(
      400,
      'INVALID_INPUT',
      'A value in the request cannot be stored or compared; nothing was changed.',
    );
  }
  if (!isTransientDatabaseError(error)) return error;
  return new ProblemException(
    503,
    'TEMPORARILY_UNAVAILABLE',
    'The database is busy or unreachable; nothing was changed. Retry the request.',
  );
}
