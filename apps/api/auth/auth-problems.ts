import { ProblemException } from '../../../lib/nest/index.js';
import { TitledProblem } from '../http/titled-problem.js';

/** No token, or one that does not verify: answered with `WWW-Authenticate: Bearer`. */
export class Unauthenticated extends TitledProblem {
  constructor(detail: string) {
    super(401, 'UNAUTHENTICATED', detail);
  }
}

/** The caller is known but may not do this. */
export class Forbidden extends TitledProblem {
  constructor(detail: string) {
    super(403, 'FORBIDDEN', detail);
  }
}

/** The token signing keys could not be fetched; the request may be retried. */
export class AuthUnavailable extends ProblemException {
  constructor(cause: unknown) {
    super(503, 'AUTH_UNAVAILABLE', 'Tokens cannot be verified for a moment; retry the request');
    this.cause = cause;
  }
}
