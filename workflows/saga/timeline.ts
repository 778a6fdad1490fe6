/**
 * compensatable: undone by its compensation when the saga rolls back.
 * pivot: the point of no return; once it commits, nothing before it is undone.
 * retriable: follows the pivot and is retried until it succeeds; never undone.
 */
export type StepKind = 'compensatable' | 'pivot' | 'retriable';

export type StepStatus = 'RUNNING' | 'RETRYING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

/** RESOLVED_MANUALLY: an operator undid the effect outside the system and the saga went on. */
export type CompensationStatus =
  'PENDING' | 'RUNNING' | 'RETRYING' | 'COMPLETED' | 'RESOLVED_MANUALLY';

export interface AttemptError {
  attempt: number;
  /** ISO-8601 time of the failure. */
  at: string;
  type: string;
  message: string;
}

/** What a step and a compensation have in common. */
interface AttemptsRecord {
  /**
   * Activity executions the workflow scheduled. With server-side retries one execution covers every
   * attempt of it: the running attempt number comes from the pending activity (`activityId`).
   */
  attempts: number;
  /** The id of the activity now running this record; pending-activity info is keyed by it. */
  activityId?: string;
  /** The latest failure the workflow saw. */
  lastError?: string;
  /** ISO-8601; when the workflow itself schedules the next attempt. */
  nextAttemptAt?: string;
  /** The most recent failed attempts, oldest first. */
  errors: AttemptError[];
}

export interface StepRecord extends AttemptsRecord {
  name: string;
  kind: StepKind;
  status: StepStatus;
  startedAt: string;
  finishedAt?: string;
}

export interface CompensationRecord extends AttemptsRecord {
  name: string;
  /** The step this compensation undoes. */
  step: string;
  status: CompensationStatus;
  startedAt?: string;
  finishedAt?: string;
  /** Running for longer than the saga's `compensationStuckAfter`. */
  stuck?: true;
}

export type OperatorAction = 'retry' | 'resolve';

/** An operator's action on a compensation, kept in the state and so in the workflow history. */
export interface AuditEntry {
  action: OperatorAction;
  compensation: string;
  by: string;
  reason?: string;
  /** ISO-8601 workflow time of the action. */
  at: string;
}

/** What the saga has done so far; compensations appear once the saga starts to unwind. */
export interface SagaTimeline {
  steps: StepRecord[];
  compensations: CompensationRecord[];
  audit: AuditEntry[];
}

/** Older errors are dropped so a long outage cannot grow the queryable state without bound. */
export const MAX_RECORDED_ERRORS = 10;
