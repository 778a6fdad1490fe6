import {
  ActivityCancellationType,
  CancellationScope,
  CancelledFailure,
  condition,
  isCancellation,
  log,
  patched,
  sleep,
  type ActivityOptions,
  type LocalActivityOptions,
} from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time.js';
import { describeFailure, isRetryableFailure } from './failure.js';
import {
  backoffAfter,
  hasAttemptsLeft,
  serverRetryPolicy,
  type SagaRetryPolicy,
} from './retry-policy.js';
import {
  MAX_RECORDED_ERRORS,
  type AuditEntry,
  type CompensationRecord,
  type OperatorAction,
  type SagaTimeline,
  type StepKind,
  type StepRecord,
} from './timeline.js';

/**
 * server: every activity carries a retry policy and the Temporal server retries it; a retry adds
 * nothing to the history, so an outage of any length is safe.
 * workflow: the saga's own retry loop with a timer per attempt, kept only for runs started before
 * server-side retries (their histories hold those timers).
 */
export type RetryMode = 'server' | 'workflow';

/** Told what happens to steps and compensations: the workflow's metrics and search attributes. */
export interface SagaObserver {
  stepSettled?(record: StepRecord): void;
  compensationStuck?(record: CompensationRecord): void;
  compensationSettled?(record: CompensationRecord, wasStuck: boolean): void;
}

export interface SagaOptions {
  /** Undo the completed steps concurrently instead of one by one in reverse order. @default false */
  parallelCompensation?: boolean;
  /**
   * With `parallelCompensation`: the compensations (by name) that must finish before the named
   * one starts. The rest run at once, so one participant's outage holds back only what depends on it.
   */
  unwindAfter?: Readonly<Record<string, readonly string[]>>;
  /** @default 'server' */
  retries?: RetryMode;
  /**
   * How long a compensatable step's activity may keep retrying transient failures before the step
   * fails and the saga unwinds (its schedule-to-close timeout). @default '2 minutes'
   */
  stepTimeBudget?: Duration;
  /** A compensation still unfinished after this long is flagged as stuck. @default '15 minutes' */
  compensationStuckAfter?: Duration;
  /**
   * An operator may retry or resolve a compensation only once it is failing: refused by its
   * participant, stuck, or unfinished for this long (longer than one attempt may take, so at least
   * one attempt has failed). @default '30 seconds'
   */
  compensationFailingAfter?: Duration;
  /**
   * Backoff of a step's activity retries. `maximumAttempts` limits only the workflow-side retry loop;
   * with server-side retries a compensatable step is bounded by `stepTimeBudget` instead.
   * @default { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 }
   */
  stepRetry?: SagaRetryPolicy;
  /**
   * Backoff between attempts of a compensation. There is no attempt limit: giving up would leave
   * an effect in place, so a compensation retries until it succeeds and its errors stay visible.
   * @default { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' }
   */
  compensationRetry?: Omit<SagaRetryPolicy, 'maximumAttempts'>;
  /** Whether a failed step attempt may be retried by the workflow-side loop. @default isRetryableFailure */
  isRetryable?: (error: unknown) => boolean;
  observer?: SagaObserver;
}

/** What the saga asks of the activity that runs a step or a compensation. */
export interface SagaCall {
  /**
   * Options for the next activity execution: a fresh activity id (recorded as the record's
   * `activityId`), the retry policy and a summary. Spread them over the caller's own options.
   */
  activity(summary?: string): ActivityOptions;
  /**
   * Counts an attempt made as a local activity, which has no activity id of its own, and returns
   * its summary. The caller chooses its timeout and retries.
   */
  localActivity(summary?: string): Pick<LocalActivityOptions, 'summary'>;
}

export interface Compensation {
  name: string;
  /** Must be idempotent and succeed as a no-op when the step left nothing to undo. */
  run: (call: SagaCall) => Promise<unknown>;
}

export interface OperatorRequest {
  by: string;
  reason?: string;
}

/** Raised for a saga declared out of order: a programming error, so it fails the workflow task. */
export class SagaDefinitionError extends Error {
  override readonly name = 'SagaDefinitionError';
}

/** Marks the code that lets an accepted cancel win over a step completing after it. */
export const ACCEPTED_CANCEL_WINS_PATCH = 'saga-accepted-cancel-wins';

type PivotState = 'not-started' | 'started' | 'committed';

interface RegisteredCompensation {
  record: CompensationRecord;
  run: (call: SagaCall) => Promise<unknown>;
  /** The scope of the activity execution now running; cancelled by an operator action. */
  attempt?: CancellationScope;
  /** When the current activity execution started (workflow time, ms). */
  attemptStartedAt?: number;
  action?: OperatorAction;
  settled: boolean;
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
 * A compensation its participant refused (non-retryable) is retried by the workflow with a timer;
 * an hour between tries keeps a refusal that lasts for weeks far from the history limit.
 */
const REFUSED_COMPENSATION_RETRY: SagaRetryPolicy = {
  initialInterval: '1 minute',
  backoffCoefficient: 2,
  maximumInterval: '1 hour',
};

/**
 * A compensation stack for workflow code. Steps run in declaration order: compensatable steps,
 * then at most one pivot, then retriable steps. Must be constructed inside a workflow.
 */
export class Saga {
  private readonly steps: StepRecord[] = [];
  private readonly registered: RegisteredCompensation[] = [];
  private readonly audit: AuditEntry[] = [];
  private readonly forwardScope = new CancellationScope();
  private readonly stepRetry: SagaRetryPolicy;
  private readonly compensationRetry: SagaRetryPolicy;
  private readonly isRetryable: (error: unknown) => boolean;
  private readonly retries: RetryMode;
  private pivotState: PivotState = 'not-started';
  private cancelRequested = false;
  private unwinding: Promise<void> | undefined;

  constructor(private readonly options: SagaOptions = {}) {
    this.stepRetry = { ...DEFAULT_STEP_RETRY, ...options.stepRetry };
    this.compensationRetry = { ...DEFAULT_COMPENSATION_RETRY, ...options.compensationRetry };
    this.isRetryable = options.isRetryable ?? isRetryableFailure;
    this.retries = options.retries ?? 'server';
  }

  /**
   * Registers the compensation, then runs the step. Registering first matters: a step can take
   * effect while its result is lost to a timeout or a crash, and the compensation must still run.
   * A step that completes after an accepted cancel is undone like the others: the cancel wins.
   */
  async compensatable<T>(
    name: string,
    compensation: Compensation,
    run: (call: SagaCall) => Promise<T>,
    retry?: SagaRetryPolicy,
  ): Promise<T> {
    if (this.pivotState !== 'not-started') {
      throw new SagaDefinitionError(`compensatable step "${name}" is declared after the pivot`);
    }
    this.registered.push({
      record: { name: compensation.name, step: name, status: 'PENDING', attempts: 0, errors: [] },
      run: compensation.run,
      settled: false,
    });
    const result = await this.forwardScope.run(() =>
      this.runStep(name, 'compensatable', run, { ...this.stepRetry, ...retry }),
    );
    this.throwIfCancelAccepted(name);
    return result;
  }

  /**
   * Runs the point of no return. It cannot be cancelled and retries transient failures without
   * limit, because only a definite answer tells whether the saga is past it. It never starts
   * after an accepted cancel.
   */
  async pivot<T>(name: string, run: (call: SagaCall) => Promise<T>): Promise<T> {
    if (this.pivotState !== 'not-started') {
      throw new SagaDefinitionError(`pivot "${name}" is declared after another pivot`);
    }
    this.throwIfCancelAccepted(name);
    this.pivotState = 'started';
    const result = await CancellationScope.nonCancellable(() =>
      this.runStep(name, 'pivot', run, this.untilKnown()),
    );
    this.pivotState = 'committed';
    return result;
  }

  /** Runs a step after a committed pivot, retrying transient failures until it succeeds. */
  async retriable<T>(name: string, run: (call: SagaCall) => Promise<T>): Promise<T> {
    if (this.pivotState !== 'committed') {
      throw new SagaDefinitionError(`retriable step "${name}" must follow a committed pivot`);
    }
    return CancellationScope.nonCancellable(() =>
      this.runStep(name, 'retriable', run, this.untilKnown()),
    );
  }

  /** True until a cancel is accepted, the pivot starts or the saga unwinds. */
  get isCancellable(): boolean {
    return this.pivotState === 'not-started' && this.unwinding === undefined;
  }

  /**
   * Cancels the running compensatable step; returns false when past the point of cancelling. Once
   * accepted, the saga never goes forward again: it only unwinds.
   */
  cancel(): boolean {
    if (!this.isCancellable) return false;
    this.cancelRequested = true;
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

  /** Why an operator may not act on the named compensation now; undefined when it may. */
  operatorRefusal(compensation: string): string | undefined {
    const entry = this.registered.find(({ record }) => record.name === compensation);
    if (entry === undefined) return `There is no compensation named "${compensation}"`;
    if (this.unwinding === undefined || !this.isFailing(entry)) {
      return `Compensation "${compensation}" is ${entry.record.status}, not failing`;
    }
    return undefined;
  }

  /** Starts the compensation's next attempt now. Check operatorRefusal first. */
  retryCompensation(compensation: string, request: OperatorRequest): void {
    this.act('retry', compensation, request);
  }

  /** Marks the compensation as undone by hand, and unwinding goes on. Check operatorRefusal first. */
  resolveCompensation(compensation: string, request: OperatorRequest): void {
    this.act('resolve', compensation, request);
  }

  /** A copy of the timeline, safe to hand to a query. */
  timeline(): SagaTimeline {
    return {
      steps: this.steps.map((step) => ({ ...step, errors: [...step.errors] })),
      compensations: this.unwinding
        ? this.stack().map(({ record }) => ({ ...record, errors: [...record.errors] }))
        : [],
      audit: this.audit.map((entry) => ({ ...entry })),
    };
  }

  private throwIfCancelAccepted(step: string): void {
    if (!this.cancelRequested) return;
    // Runs started before this rule took the step's late result and went on; their replay must too.
    if (this.retries === 'workflow' && !patched(ACCEPTED_CANCEL_WINS_PATCH)) return;
    throw new CancelledFailure(`The saga was cancelled while "${step}" was in flight`);
  }

  private act(action: OperatorAction, compensation: string, request: OperatorRequest): void {
    const entry = this.registered.find(({ record }) => record.name === compensation);
    if (entry === undefined) throw new SagaDefinitionError(`no compensation "${compensation}"`);
    this.audit.push({ action, compensation, ...request, at: now() });
    entry.action = action;
    entry.attempt?.cancel();
    log.warn('Operator acted on a compensation', { action, compensation, by: request.by });
  }

  private isFailing({ record, attemptStartedAt, settled }: RegisteredCompensation): boolean {
    if (settled || record.status === 'PENDING') return false;
    if (record.status === 'RETRYING' || record.stuck) return true;
    const failingAfter = msToNumber(this.options.compensationFailingAfter ?? '30 seconds');
    return attemptStartedAt !== undefined && Date.now() - attemptStartedAt >= failingAfter;
  }

  private async unwind(): Promise<void> {
    const stack = this.stack();
    if (this.retries === 'workflow') {
      if (this.options.parallelCompensation) {
        await Promise.all(stack.map((entry) => this.runCompensationLoop(entry)));
      } else {
        for (const entry of stack) await this.runCompensationLoop(entry);
      }
      return;
    }
    const finished = new Map<string, Promise<void>>();
    stack.forEach((entry, index) => {
      const before = this.mustFinishBefore(entry, stack[index - 1]);
      const ready = Promise.all(before.flatMap((name) => finished.get(name) ?? []));
      finished.set(
        entry.record.name,
        ready.then(() => this.runCompensationOnServer(entry)),
      );
    });
    await Promise.all(finished.values());
  }

  /** The compensations that finish before this one starts; only those later in the stack exist. */
  private mustFinishBefore(
    entry: RegisteredCompensation,
    previous: RegisteredCompensation | undefined,
  ): readonly string[] {
    if (!this.options.parallelCompensation) return previous ? [previous.record.name] : [];
    return this.options.unwindAfter?.[entry.record.name] ?? [];
  }

  private runStep<T>(
    name: string,
    kind: StepKind,
    run: (call: SagaCall) => Promise<T>,
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
    return this.retries === 'workflow'
      ? this.runStepLoop(record, run, policy)
      : this.runStepOnServer(record, run, policy);
  }

  private async runStepOnServer<T>(
    record: StepRecord,
    run: (call: SagaCall) => Promise<T>,
    policy: SagaRetryPolicy,
  ): Promise<T> {
    const budget =
      record.kind === 'compensatable'
        ? { scheduleToCloseTimeout: msToNumber(this.options.stepTimeBudget ?? '2 minutes') }
        : {};
    const summaryOf = (summary?: string) => summary ?? `${record.kind} step ${record.name}`;
    const call: SagaCall = {
      activity: (summary) => ({
        ...this.nextActivity(record, summaryOf(summary)),
        ...budget,
        retry: serverRetryPolicy(policy),
      }),
      localActivity: (summary) => this.nextLocalAttempt(record, summaryOf(summary)),
    };
    try {
      const result = await run(call);
      finish(record, 'COMPLETED');
      return result;
    } catch (error) {
      if (isCancellation(error)) {
        finish(record, 'CANCELLED');
      } else {
        recordError(record, error);
        finish(record, 'FAILED');
        log.warn('Saga step failed', { step: record.name, error });
      }
      throw error;
    } finally {
      delete record.activityId;
      this.options.observer?.stepSettled?.(record);
    }
  }

  /** The workflow-side retry loop of runs started before server-side retries. */
  private async runStepLoop<T>(
    record: StepRecord,
    run: (call: SagaCall) => Promise<T>,
    policy: SagaRetryPolicy,
  ): Promise<T> {
    const call: SagaCall = { activity: () => ({}), localActivity: () => ({}) };
    for (;;) {
      record.attempts += 1;
      record.status = 'RUNNING';
      try {
        const result = await run(call);
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
          log.warn('Saga step failed', { step: record.name, attempts: record.attempts, error });
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

  /**
   * One activity execution at a time, retried by the server without limit. An operator's retry
   * cancels it and schedules a fresh one; a resolve cancels it and settles the compensation.
   */
  private async runCompensationOnServer(entry: RegisteredCompensation): Promise<void> {
    const { record } = entry;
    record.startedAt = now();
    record.status = 'RUNNING';
    void this.watchForStuck(entry);
    const summary = `compensation ${record.name}, undoes ${record.step}`;
    const call: SagaCall = {
      activity: () => ({
        ...this.nextActivity(record, summary),
        retry: serverRetryPolicy(this.compensationRetry),
        // An operator's retry must not wait for an attempt that may never answer.
        cancellationType: ActivityCancellationType.TRY_CANCEL,
      }),
      localActivity: () => this.nextLocalAttempt(record, summary),
    };
    for (;;) {
      entry.action = undefined;
      entry.attemptStartedAt = Date.now();
      entry.attempt = new CancellationScope();
      const attempt = entry.attempt;
      try {
        await attempt.run(() => entry.run(call));
        record.status = 'COMPLETED';
        break;
      } catch (error) {
        if (operatorActionOf(entry) === undefined) await this.afterRefusal(entry, error);
        if (operatorActionOf(entry) === 'resolve') {
          record.status = 'RESOLVED_MANUALLY';
          break;
        }
        record.status = 'RUNNING';
      }
    }
    this.settle(entry);
  }

  /** The server retries every retryable failure, so this one was a refusal: wait, then retry. */
  private async afterRefusal(entry: RegisteredCompensation, error: unknown): Promise<void> {
    const { record } = entry;
    recordError(record, error);
    record.status = 'RETRYING';
    const backoff = backoffAfter(record.errors.length, REFUSED_COMPENSATION_RETRY);
    record.nextAttemptAt = new Date(Date.now() + backoff).toISOString();
    log.error('Compensation refused; retrying', { compensation: record.name, error });
    await condition(() => entry.action !== undefined, backoff);
    delete record.nextAttemptAt;
  }

  private async watchForStuck(entry: RegisteredCompensation): Promise<void> {
    const stuckAfter = msToNumber(this.options.compensationStuckAfter ?? '15 minutes');
    if (await condition(() => entry.settled, stuckAfter)) return;
    entry.record.stuck = true;
    log.error('Compensation is stuck', {
      compensation: entry.record.name,
      since: entry.record.startedAt,
      stuckAfterMs: stuckAfter,
    });
    this.options.observer?.compensationStuck?.(entry.record);
  }

  private settle(entry: RegisteredCompensation): void {
    const { record } = entry;
    const wasStuck = record.stuck === true;
    entry.settled = true;
    entry.attempt = undefined;
    delete record.stuck;
    delete record.activityId;
    record.finishedAt = now();
    this.options.observer?.compensationSettled?.(record, wasStuck);
  }

  /** The workflow-side retry loop of runs started before server-side retries. */
  private async runCompensationLoop({ record, run }: RegisteredCompensation): Promise<void> {
    const call: SagaCall = { activity: () => ({}), localActivity: () => ({}) };
    record.startedAt = now();
    for (;;) {
      record.attempts += 1;
      record.status = 'RUNNING';
      try {
        await run(call);
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

  private nextActivity(
    record: StepRecord | CompensationRecord,
    summary: string,
  ): Pick<ActivityOptions, 'activityId' | 'summary'> {
    record.attempts += 1;
    record.activityId = `${record.name}-${record.attempts}`;
    return { activityId: record.activityId, summary };
  }

  private nextLocalAttempt(
    record: StepRecord | CompensationRecord,
    summary: string,
  ): Pick<LocalActivityOptions, 'summary'> {
    record.attempts += 1;
    delete record.activityId;
    return { summary };
  }

  /** The registered compensations, most recent first: the order of unwinding. */
  private stack(): RegisteredCompensation[] {
    return this.registered.slice().reverse();
  }

  private untilKnown(): SagaRetryPolicy {
    return { ...this.stepRetry, maximumAttempts: undefined };
  }
}

/** Read through a call: an operator's update may have set it while the workflow awaited. */
function operatorActionOf(entry: RegisteredCompensation): OperatorAction | undefined {
  return entry.action;
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
  record.lastError = `${type}: ${message}`;
  if (record.errors.length > MAX_RECORDED_ERRORS) record.errors.shift();
}
