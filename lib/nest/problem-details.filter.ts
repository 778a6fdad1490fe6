import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '../logging/index.js';
import { allowedMethods } from './allowed-methods.js';
import { PROBLEM_CONTENT_TYPE, ProblemException, type ProblemDocument } from './problem.js';
import { tooLarge } from './request-body.js';

/**
 * Every error leaves the process as application/problem+json with a `code`, the framework's
 * own (unknown route, unparsable body, too large) included; unexpected ones are logged.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(error, request, response);
    if (problem.status >= 500) this.logger.error({ err: error }, 'Request failed');
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }

  private toProblem(error: unknown, request: Request, response: Response): ProblemDocument {
    if (error instanceof ProblemException) return error.toProblem();
    if (error instanceof HttpException) {
      return frameworkProblem(error, request, response).toProblem();
    }
    return new ProblemException(
      500,
      'INTERNAL_ERROR',
      'The request failed unexpectedly; it was logged.',
    ).toProblem();
  }
}

/** What the framework (routing, body parsing) refused, in the project's words. */
function frameworkProblem(
  error: HttpException,
  request: Request,
  response: Response,
): ProblemException {
  const status = error.getStatus();
  switch (status) {
    case 404: {
      const allowed = allowedMethods(request);
      if (allowed.length === 0 || allowed.includes(request.method)) {
        return new ProblemException(
          404,
          'NOT_FOUND',
          `No resource at ${request.method} ${safePath(request)}.`,
        );
      }
      response.setHeader('Allow', allowed.join(', '));
      return new ProblemException(
        405,
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed here; use ${allowed.join(', ')}.`,
      );
    }
    case 413:
      return tooLarge();
    case 415:
      return new ProblemException(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Request bodies must be application/json in UTF-8.',
      );
    case 400:
      return new ProblemException(
        400,
        'MALFORMED_REQUEST',
        error.cause instanceof URIError
          ? 'The request path has a malformed percent-encoding.'
          : 'The request body is not valid JSON (an object or an array).',
      );
    default:
      return new ProblemException(status, `HTTP_${status}`, `The request was refused (${status}).`);
  }
}

function safePath(request: Request): string {
  return request.path.slice(0, 200);
}
