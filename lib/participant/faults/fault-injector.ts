import { ProblemException } from '../../nest/index.js';
import { NO_FAULTS, type FaultSettings } from './fault-settings.js';

/** What happens to one mutating request. */
export interface DrawnFault {
  failure: 'before' | 'after' | undefined;
  latencyMs: number;
}

/** Switchable chaos for one service instance; inert unless enabled by configuration. */
export class FaultInjector {
  private settings: FaultSettings = NO_FAULTS;

  constructor(
    readonly enabled: boolean,
    private readonly random: () => number = Math.random,
  ) {}

  get current(): FaultSettings {
    return this.settings;
  }

  configure(settings: FaultSettings): void {
    if (!this.enabled) throw new Error('Fault injection is disabled by configuration');
    this.settings = settings;
  }

  draw(): DrawnFault {
    const { errorRate, latencyMs, phase } = this.settings;
    const fails = errorRate > 0 && this.random() < errorRate;
    return { failure: fails ? phase : undefined, latencyMs };
  }
}

export function injectedFailureBefore(): ProblemException {
  return new ProblemException(
    503,
    'FAULT_INJECTED',
    'Injected fault before the effect: nothing was done.',
  );
}

export function injectedFailureAfter(): ProblemException {
  return new ProblemException(
    500,
    'FAULT_INJECTED',
    'Injected fault after the effect: it was committed and this response is lost. Retry with the same Idempotency-Key to read it.',
  );
}
