import { HttpException } from '@nestjs/common';

export interface FieldError {
  /** Path of the bad field, e.g. `items[0].quantity`. */
  field: string;
  message: string;
}

/** An RFC 9457 problem document, served as application/problem+json. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Stable, machine-readable reason, e.g. INSUFFICIENT_STOCK. */
  code?: string;
  errors?: FieldError[];
}

/** Throw from a handler to answer with a problem document. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail, status);
  }

  toProblem(): ProblemDocument {
    return {
      type: `urn:checkout-saga:problem:${this.code}`,
      title: titleOf(this.getStatus()),
      status: this.getStatus(),
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
