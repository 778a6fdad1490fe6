import { CancellationScope, isCancellation, log, sleep } from '@temporalio/workflow';
import { describeFailure, isRetryableFailure } from './failure.js';
import { backoffAfter, hasAttemptsLeft, type SagaRetryPolicy } from './retry-policy.js';
import {
  MAX_RECORDED_ERRORS,
  type CompensationRecord,
  type SagaTimeline,
  type StepKind,
  type StepRecord,
} from './timeline.js';

export interface SagaOptions {
  /** Undo the completed steps concurrently instead of one by one in reverse order. @default false */
  parallelCompensation?: boolean;
  /**
   * Retries of a compensatable step before it fails and the saga unwinds. Pivot and retriable steps
   * ignore `maximumAttempts`: their outcome must be known, so they retry until it is.
   * @default { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 }
   */
  stepRetry?: SagaRetryPolicy;
  /**
   * Backoff between attempts of a compensation. There is no attempt limit: giving up would leave
   * an effect in place, so a compensation retries until it succeeds and its errors stay visible.
   * @default { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' }
   */
  compensationRetry?: Omit<SagaRetryPolicy, 'maximumAttempts'>;
  /** Whether a failed step attempt may be retried. @default isRetryableFailure */
  isRetryable?: (error: unknown) => boolean;
}

export interface Compensation {
  name: string;
  /** Must be idempotent and succeed as a no-op when the step left nothing to undo. */
  run: () => Promise<unknown>;
}

/** Raised for a saga declared out of order: a programming error, so it fails the workflow task. */
export class SagaDefinitionError extends Error {
  override readonly name = 'SagaDefinitionError';
}

type PivotState = 'not-started' | 'started' | 'committed';

interface RegisteredCompensation {
  record: CompensationRecord;
  run: () => Promise<unknown>;
}

const DEFAULT_STEP_RETRY: SagaRetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 5,
};

const DEFAULT_COMPENSATION_RETRY: SagaRetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};

/**
 * A compensation stack for workflow code. Steps run in declaration order: compensatable steps,
 * then at most one pivot, then retriable steps. Must be constructed inside a workflow.
 */
export class Saga {
  private readonly steps: StepRecord[] = [];
  private readonly registered: RegisteredCompensation[] = [];
  private readonly forwardScope = new CancellationScope();
  private readonly stepRetry: SagaRetryPolicy;
  private readonly compensationRetry: SagaRetryPolicy;
  private readonly isRetryable: (error: unknown) => boolean;
  private pivotState: PivotState = 'not-started';
  private unwinding: Promise<void> | undefined;

  constructor(private readonly options: SagaOptions = {}) {
    this.stepRetry = { ...DEFAULT_STEP_RETRY, ...options.stepRetry };
    this.compensationRetry = { ...DEFAULT_COMPENSATION_RETRY, ...options.compensationRetry };
    this.isRetryable = options.isRetryable ?? isRetryableFailure;
  }

  /**
   * Registers the compensation, then runs the step. Registering first matters: a step can take
   * effect while its result is lost to a timeout or a crash, and the compensation must still run.
   */
  async compensatable<T>(
    name: string,
    compensation: Compensation,
    run: () => Promise<T>,
    retry?: SagaRetryPolicy,
  ): Promise<T> {
    if (this.pivotState !== 'not-started') {
      throw new SagaDefinitionError(`compensatable step "${name}" is declared after the pivot`);
    }
    this.registered.push({
      record: { name: compensation.name, step: name, status: 'PENDING', attempts: 0, errors: [] },
      run: compensation.run,
    });
    const policy = { ...this.stepRetry, ...retry };
    return this.forwardScope.run(() => this.runStep(name, 'compensatable', run, policy));
  }

  /**
   * Runs the point of no return. It cannot be cancelled and retries transient failures without
   * limit, because only a definite answer tells whether the saga is past it.
   */
  async pivot<T>(name: string, run: () => Promise<T>): Promise<T> {
    if (this.pivotState !== 'not-started') {
      throw new SagaDefinitionError(`pivot "${name}" is declared after another pivot`);
    }
    this.pivotState = 'started';
    const result = await CancellationScope.nonCancellable(() =>
      this.runStep(name, 'pivot', run, this.untilKnown()),
    );
    this.pivotState = 'committed';
    return result;
  }

  /** Runs a step after a committed pivot, retrying transient failures until it succeeds. */
  async retriable<T>(name: string, run: () => Promise<T>): Promise<T> {
    if (this.pivotState !== 'committed') {
      throw new SagaDefinitionError(`retriable step "${name}" must follow a committed pivot`);
    }
    return CancellationScope.nonCancellable(() =>
      this.runStep(name, 'retriable', run, this.untilKnown()),
    );
  }

  /** True until the pivot starts or the saga unwinds. */
  get isCancellable(): boolean {
    return this.pivotState === 'not-started' && this.unwinding === undefined;
  }

  /** Cancels the running compensatable step; returns false when past the point of cancelling. */
  cancel(): boolean {
    if (!this.isCancellable) return false;
    this.forwardScope.cancel();
    return true;
  }

  /**
   * Undoes the registered compensations, in reverse order unless parallel unwinding is set.
   * Runs in a non-cancellable scope so that a cancelled workflow still rolls back. Calling it
   * again returns the same unwinding.
   */
  compensate(): Promise<void> {
    if (this.pivotState === 'committed') {
      return Promise.reject(new SagaDefinitionError('a saga cannot unwind past a committed pivot'));
    }
    this.unwinding ??= CancellationScope.nonCancellable(() => this.unwind());
    return this.unwinding;
  }

  /** A copy of the timeline, safe to hand to a query. */
  timeline(): SagaTimeline {
    return {
      steps: this.steps.map((step) => ({ ...step, errors: [...step.errors] })),
      compensations: this.unwinding
        ? this.stack().map(({ record }) => ({ ...record, errors: [...record.errors] }))
        : [],
    };
  }

  private async unwind(): Promise<void> {
    const stack = this.stack();
    if (this.options.parallelCompensation) {
      await Promise.all(stack.map((entry) => this.runCompensation(entry)));
    } else {
      for (const entry of stack) await this.runCompensation(entry);
    }
  }

  private async runStep<T>(
    name: string,
    kind: StepKind,
    run: () => Promise<T>,
    policy: SagaRetryPolicy,
  ): Promise<T> {
    const record: StepRecord = {
      name,
      kind,
      status: 'RUNNING',
      attempts: 0,
      startedAt: now(),
      errors: [],
    };
    this.steps.push(record);
    for (;;) {
      record.attempts += 1;
      record.status = 'RUNNING';
      try {
        const result = await run();
        finish(record, 'COMPLETED');
        return result;
      } catch (error) {
        if (isCancellation(error)) {
          finish(record, 'CANCELLED');
          throw error;
        }
        recordError(record, error);
        if (!this.isRetryable(error) || !hasAttemptsLeft(record.attempts, policy)) {
          finish(record, 'FAILED');
          log.warn('Saga step failed', { step: name, attempts: record.attempts, error });
          throw error;
        }
        record.status = 'RETRYING';
      }
      try {
        await sleep(backoffAfter(record.attempts, policy));
      } catch (error) {
        finish(record, 'CANCELLED');
        throw error;
      }
    }
  }

  private async runCompensation({ record, run }: RegisteredCompensation): Promise<void> {
    record.startedAt = now();
    for (;;) {
      record.attempts += 1;
      record.status = 'RUNNING';
      try {
        await run();
        record.status = 'COMPLETED';
        record.finishedAt = now();
        return;
      } catch (error) {
        recordError(record, error);
        record.status = 'RETRYING';
        log.error('Compensation failed; retrying', {
          compensation: record.name,
          attempt: record.attempts,
          error,
        });
      }
      await sleep(backoffAfter(record.attempts, this.compensationRetry));
    }
  }

  /** The registered compensations, most recent first: the order of unwinding. */
  private stack(): RegisteredCompensation[] {
    return this.registered.slice().reverse();
  }

  private untilKnown(): SagaRetryPolicy {
    return { ...this.stepRetry, maximumAttempts: undefined };
  }
}

function now(): string {
  return new Date().toISOString();
}

function finish(record: StepRecord, status: 'COMPLETED' | 'FAILED' | 'CANCELLED'): void {
  record.status = status;
  record.finishedAt = now();
}

function recordError(record: StepRecord | CompensationRecord, error: unknown): void {
  const { type, message } = describeFailure(error);
  record.errors.push({ attempt: record.attempts, at: now(), type, message });
  if (record.errors.length > MAX_RECORDED_ERRORS) record.errors.shift();
}
