import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem.js';

/** The largest request body accepted; larger ones are answered 413. */
export const MAX_BODY_BYTES = 16 * 1024;

/** application/json and the JSON-based types such as application/merge-patch+json. */
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.!#$&^_-]+\+)?json$/;

/**
 * Refuses a request body that is not JSON in UTF-8 with 415, before anything reads it, and one
 * that announces more than MAX_BODY_BYTES with 413. Requests without a body pass.
 */
export function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  next(bodyProblem(request));
}

function bodyProblem(request: Request): ProblemException | undefined {
  const length = request.headers['content-length'];
  const chunked = request.headers['transfer-encoding'] !== undefined;
  if (!chunked && (length === undefined || Number(length) === 0)) return undefined;
  if (Number(length) > MAX_BODY_BYTES) return tooLarge();
  const [mediaType = '', ...parameters] = (request.headers['content-type'] ?? '').split(';');
  const type = mediaType.trim().toLowerCase();
  if (!JSON_MEDIA_TYPE.test(type)) {
    return new ProblemException(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      type === ''
        ? 'The request has a body but no Content-Type; send application/json.'
        : `Request bodies must be application/json, not ${type.slice(0, 100)}.`,
    );
  }
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"(.*)"$/, '$1');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new ProblemException(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Request bodies must be encoded in UTF-8, not ${charset.slice(0, 40)}.`,
    );
  }
  return undefined;
}

export function tooLarge(): ProblemException {
  return new ProblemException(
    413,
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
  );
}
