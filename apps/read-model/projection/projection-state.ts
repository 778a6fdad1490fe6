/** Injection token of the consumer's state, for the health check. */
export const PROJECTION_STATE = Symbol('PROJECTION_STATE');

export interface ProjectionState {
  /** False once the consumer has stopped for good (not while it retries). */
  consuming(): boolean;
}
