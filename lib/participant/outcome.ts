import type { ProblemException } from '../nest/index.js';

/** What a mutating handler answers; it is stored with the idempotency key and replayed. */
export interface Outcome {
  status: number;
  body: unknown;
}

export function success(status: 200 | 201, body: unknown): Outcome {
  return { status, body };
}

/**
 * A refusal that keeps what the handler wrote (a declined charge stays on record). Throwing the
 * ProblemException instead undoes the handler's writes; both are stored and replayed.
 */
export function refusalKeepingEffect(problem: ProblemException): Outcome {
  return { status: problem.getStatus(), body: problem.toProblem() };
}
