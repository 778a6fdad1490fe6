import type { NextFunction, Request, Response } from 'express';
import { ProblemException, type FieldError } from './problem.js';
import { isSafeText, UNSAFE_TEXT_MESSAGE } from './safe-text.js';

/**
 * Refuses, with 400, a request whose path, query or JSON body holds a control character (NUL
 * included) or an unpaired surrogate anywhere, keys included: no such text ever reaches a
 * handler, a database or a log. Body strings are normalised to NFC.
 */
export function requireSafeText(request: Request, _response: Response, next: NextFunction): void {
  const errors = [...pathErrors(request), ...queryErrors(request)];
  const body: unknown = request.body;
  const normalisedBody = body === undefined ? undefined : normalise(body, '', errors);
  if (errors.length > 0) {
    next(
      new ProblemException(
        400,
        'VALIDATION_FAILED',
        `Invalid request: ${errors.map((error) => error.field).join(', ')}`,
        errors,
      ),
    );
    return;
  }
  if (normalisedBody !== undefined) request.body = normalisedBody;
  next();
}

function pathErrors(request: Request): FieldError[] {
  let path: string;
  try {
    path = decodeURIComponent(request.path);
  } catch {
    return [{ field: 'path', message: 'has a malformed percent-encoding' }];
  }
  return isSafeText(path) ? [] : [{ field: 'path', message: UNSAFE_TEXT_MESSAGE }];
}

function queryErrors(request: Request): FieldError[] {
  const query: unknown = request.query;
  const errors: FieldError[] = [];
  normalise(query, 'query', errors);
  return errors;
}

/** A copy of `value` with every string in NFC; each unsafe key or string is added to `errors`. */
function normalise(value: unknown, field: string, errors: FieldError[]): unknown {
  if (typeof value === 'string') {
    if (isSafeText(value)) return value.normalize('NFC');
    errors.push({ field: field || 'body', message: UNSAFE_TEXT_MESSAGE });
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => normalise(item, `${field}[${index}]`, errors));
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, nested]) => {
    const path = field === '' ? key : `${field}.${key}`;
    if (!isSafeText(key)) {
      errors.push({ field: `${field || 'body'}: a key`, message: UNSAFE_TEXT_MESSAGE });
      return [key, nested] as const;
    }
    return [key.normalize('NFC'), normalise(nested, path, errors)] as const;
  });
  // defineProperty keeps a "__proto__" key an ordinary property, as JSON.parse made it.
  const copy: Record<string, unknown> = {};
  for (const [key, nested] of entries) {
    Object.defineProperty(copy, key, {
      value: nested,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}
