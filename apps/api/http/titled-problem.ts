import { ProblemException, type ProblemDocument } from '../../../lib/nest/index.js';

const TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  405: 'Method Not Allowed',
};

/** A problem whose status the shared title table does not name. */
export class TitledProblem extends ProblemException {
  override toProblem(): ProblemDocument {
    const problem = super.toProblem();
    return { ...problem, title: TITLES[problem.status] ?? problem.title };
  }
}
