import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import { COMPENSATIONS_METRIC } from '../workflows/checkout/metric-names.js';
import { asActivity } from './failures.js';

/**
 * Runs one attempt of a compensation like asActivity, and counts it in
 * `checkout_compensations_total{compensation, outcome="failed_attempt"}` when it fails. Counted
 * here because the server retries a compensation: the workflow sees none of the failed attempts.
 */
export async function compensationAttempt<T>(
  compensation: string,
  attempt: () => Promise<T>,
): Promise<T> {
  try {
    return await asActivity(attempt);
  } catch (error) {
    // An operator's retry or resolve cancels the attempt: that is no failure of the compensation.
    if (!(error instanceof CancelledFailure)) {
      Context.current()
        .metricMeter.createCounter(
          COMPENSATIONS_METRIC.name,
          undefined,
          COMPENSATIONS_METRIC.description,
        )
        .add(1, { compensation, outcome: 'failed_attempt' });
    }
    throw error;
  }
}
