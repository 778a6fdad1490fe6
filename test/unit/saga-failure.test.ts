import { describe, expect, it } from '@jest/globals';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  TimeoutFailure,
} from '@temporalio/common';
import { toFailureCode } from '../../workflows/checkout/failure-types.js';
import { describeFailure, isRetryableFailure } from '../../workflows/saga/failure.js';

function activityFailure(cause: Error): ActivityFailure {
  return new ActivityFailure(
    'Activity task failed',
    'reserveInventory',
    '1',
    'NON_RETRYABLE_FAILURE',
    undefined,
    cause,
  );
}

describe('describing a failed attempt', () => {
  it('sees through the activity failure to the business refusal', () => {
    const refusal = ApplicationFailure.nonRetryable('Only 5 left', 'InsufficientStock');
    expect(describeFailure(activityFailure(refusal))).toEqual({
      type: 'InsufficientStock',
      message: 'Only 5 left',
      nonRetryable: true,
    });
    expect(isRetryableFailure(activityFailure(refusal))).toBe(false);
  });

  it('names a timeout, which is retried', () => {
    const timeout = new TimeoutFailure(undefined, undefined, 'START_TO_CLOSE');
    expect(describeFailure(activityFailure(timeout))).toEqual({
      type: 'Timeout',
      message: 'activity timed out (start-to-close)',
      nonRetryable: false,
    });
    expect(isRetryableFailure(activityFailure(timeout))).toBe(true);
  });

  it('retries a transient failure but never a cancellation', () => {
    expect(
      isRetryableFailure(
        activityFailure(ApplicationFailure.retryable('503', 'ParticipantUnavailable')),
      ),
    ).toBe(true);
    expect(isRetryableFailure(new CancelledFailure('cancelled'))).toBe(false);
  });

  it('describes anything else as an error', () => {
    expect(describeFailure(new Error('boom'))).toEqual({
      type: 'Error',
      message: 'boom',
      nonRetryable: false,
    });
  });
});

describe('failure codes', () => {
  it.each([
    ['PaymentDeclined', 'PAYMENT_DECLINED'],
    ['InsufficientStock', 'INSUFFICIENT_STOCK'],
    ['PaymentConfirmationTimeout', 'PAYMENT_CONFIRMATION_TIMEOUT'],
    ['Timeout', 'TIMEOUT'],
    ['HTTP_409', 'HTTP_409'],
  ])('%s becomes %s', (type, code) => {
    expect(toFailureCode(type)).toBe(code);
  });
});
