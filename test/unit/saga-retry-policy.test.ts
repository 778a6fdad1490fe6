import { describe, expect, it } from '@jest/globals';
import { backoffAfter, hasAttemptsLeft } from '../../workflows/saga/retry-policy.js';

describe('saga retry policy', () => {
  it('backs off exponentially from the initial interval up to the cap', () => {
    const policy = {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '10 seconds',
    };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffAfter(attempt, policy))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('defaults to 1 s doubling up to 1 minute', () => {
    expect(backoffAfter(1, {})).toBe(1000);
    expect(backoffAfter(7, {})).toBe(60_000);
  });

  it('counts attempts against the limit, and never runs out without one', () => {
    expect(hasAttemptsLeft(4, { maximumAttempts: 5 })).toBe(true);
    expect(hasAttemptsLeft(5, { maximumAttempts: 5 })).toBe(false);
    expect(hasAttemptsLeft(10_000, {})).toBe(true);
  });
});
