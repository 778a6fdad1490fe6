import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '../logging/index.js';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  titleOf,
  type ProblemDocument,
} from './problem.js';

/** Every error leaves the process as application/problem+json; unexpected ones are logged. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(error);
    if (problem.status >= 500) this.logger.error({ err: error }, 'Request failed');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }

  private toProblem(error: unknown): ProblemDocument {
    if (error instanceof ProblemException) return error.toProblem();
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return { type: 'about:blank', title: titleOf(status), status, detail: error.message };
    }
    return { type: 'about:blank', title: titleOf(500), status: 500 };
  }
}
