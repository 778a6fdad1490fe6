/**
 * compensatable: undone by its compensation when the saga rolls back.
 * pivot: the point of no return; once it commits, nothing before it is undone.
 * retriable: follows the pivot and is retried until it succeeds; never undone.
 */
export type StepKind = 'compensatable' | 'pivot' | 'retriable';

export type StepStatus = 'RUNNING' | 'RETRYING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export type CompensationStatus = 'PENDING' | 'RUNNING' | 'RETRYING' | 'COMPLETED';

export interface AttemptError {
  attempt: number;
  /** ISO-8601 time of the failure. */
  at: string;
  type: string;
  message: string;
}

export interface StepRecord {
  name: string;
  kind: StepKind;
  status: StepStatus;
  attempts: number;
  startedAt: string;
  finishedAt?: string;
  /** The most recent failed attempts, oldest first. */
  errors: AttemptError[];
}

export interface CompensationRecord {
  name: string;
  /** The step this compensation undoes. */
  step: string;
  status: CompensationStatus;
  attempts: number;
  startedAt?: string;
  finishedAt?: string;
  /** The most recent failed attempts, oldest first. */
  errors: AttemptError[];
}

/** What the saga has done so far; compensations appear once the saga starts to unwind. */
export interface SagaTimeline {
  steps: StepRecord[];
  compensations: CompensationRecord[];
}

/** Older errors are dropped so a long outage cannot grow the queryable state without bound. */
export const MAX_RECORDED_ERRORS = 10;
