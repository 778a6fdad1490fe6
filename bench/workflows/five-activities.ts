// The ceiling of the checkout benchmark: five activities in a row that do nothing, scheduled
// like the checkout's participant calls, with no saga, no state and no search attributes. The
// benchmark bundles this file on its own; the worker's workflow bundle never contains it.
import { proxyActivities } from '@temporalio/workflow';
import { PARTICIPANT_CALL } from '../../workflows/checkout/activity-options.js';
import type { CeilingActivities } from '../ceiling-activities.js';

const { doNothing } = proxyActivities<CeilingActivities>(PARTICIPANT_CALL);

export const CEILING_STEPS = 5;

export async function fiveActivities(): Promise<void> {
  for (let step = 1; step <= CEILING_STEPS; step += 1) await doNothing(step);
}
