import type { OrderState } from '../../../workflows/checkout/order-state.js';
import { getStateQuery } from '../../../workflows/checkout/messages.js';
import type { CheckoutHandle } from './checkout-test-environment.js';

/** Polls the getState query until `predicate` holds; fails with the last state after `timeoutMs`. */
export async function waitForState(
  handle: CheckoutHandle,
  predicate: (state: OrderState) => boolean,
  timeoutMs = 20_000,
): Promise<OrderState> {
  const deadline = Date.now() + timeoutMs;
  let state = await handle.query(getStateQuery);
  while (!predicate(state)) {
    if (Date.now() > deadline) {
      throw new Error(`Order never reached the expected state; last: ${JSON.stringify(state)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
    state = await handle.query(getStateQuery);
  }
  return state;
}

/** The order is at `step`: the step is running. */
export function atStep(step: string): (state: OrderState) => boolean {
  return (state) => state.steps.some((s) => s.name === step && s.status === 'RUNNING');
}

/**
 * Polls until the workflow has closed, without unlocking the test server's clock: `result()`
 * lets it skip ahead, and while a workflow task runs local activities the server sees nothing
 * pending but the run's 10-year timeout, which it may then skip to.
 */
export async function untilClosed(handle: CheckoutHandle, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await handle.describe()).status.name === 'RUNNING') {
    if (Date.now() > deadline) throw new Error(`Order ${handle.workflowId} never closed`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * The orders' results, read one after the other. The time-skipping client unlocks the test
 * server's clock around each `result()` and locks it again after; two at once leave it locked one
 * level deeper, and from then on `env.sleep()` waits in real time instead of skipping.
 */
export async function resultsOneByOne(handles: readonly CheckoutHandle[]): Promise<OrderState[]> {
  const states: OrderState[] = [];
  for (const handle of handles) states.push(await handle.result());
  return states;
}
