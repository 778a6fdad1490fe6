// Plays one planned order as a customer would: places it (twice, for a duplicate), cancels it
// when planned, answers the card challenge, and watches it until it finishes.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { SoakApiClient, ApiResponse } from './api-client.js';
import type { ParticipantsClient } from './participants-client.js';
import type { CancelTarget, OrderPlan } from './scenarios.js';

export const FINISHED_STATUSES = ['COMPLETED', 'FAILED', 'CANCELLED'] as const;

const orderStateSchema = z.looseObject({
  orderId: z.string(),
  status: z.string(),
  total: z.object({ amount: z.number(), currency: z.string() }).optional(),
  items: z.array(z.object({ sku: z.string(), quantity: z.number() })).optional(),
  paymentAction: z.object({ url: z.string(), expiresAt: z.string() }).optional(),
  paymentConfirmationDeadline: z.string().optional(),
});
export type ObservedOrderState = z.infer<typeof orderStateSchema>;

const acceptedSchema = z.looseObject({ orderId: z.string(), status: z.string() });

export interface CancelAttempt {
  /** The status the order showed when the cancel was sent. */
  seenStatus: string;
  /** The API's final answer (after retries of 503s): 202, 409… */
  responseStatus: number;
  /** Every answer, retries included: a 503 may hide an accepted cancel, then 409 `already`. */
  answers: number[];
}

export interface OrderOutcome {
  plan: OrderPlan;
  orderId?: string;
  /** Why it could not be placed (the API's last answer). */
  placementProblem?: string;
  /** The order ids a duplicate POST answered with; more than one is a defect. */
  duplicateOrderIds: string[];
  cancels: CancelAttempt[];
  /** What happened at the card challenge: `approve:200`, `expire`, `approve:route-missing`… */
  challengeResult?: string;
  /** Re-checks the customer asked for (POST payment-confirmation) after answering the challenge. */
  rechecks: number[];
  statusesSeen: string[];
  final?: ObservedOrderState;
  notes: string[];
}

export interface DriverContext {
  api: SoakApiClient;
  participants: ParticipantsClient;
  token: (customerId: string) => Promise<string>;
  runId: string;
  challengeSeconds: number;
  /** An order unfinished this long after it was placed counts as stuck. */
  orderTimeoutMs: number;
  /** Past this time (ms since epoch) an unfinished order counts as stuck. */
  settleDeadline: () => number;
}

const WATCH_INTERVAL_MS = 400;
const AIMING_INTERVAL_MS = 40;
/** A customer whose order still waits this long after the challenge asks for a re-check. */
const RECHECK_AFTER_MS = 5000;
/** How long 503s and unanswered requests are retried before the soak gives up on one. */
const RETRY_FOR_MS = 45_000;
/** An expiring challenge's deadline may be this much later than asked, for clock and load. */
const DEADLINE_SLACK_MS = 30_000;

export async function driveOrder(plan: OrderPlan, context: DriverContext): Promise<OrderOutcome> {
  const outcome: OrderOutcome = {
    plan,
    duplicateOrderIds: [],
    cancels: [],
    rechecks: [],
    statusesSeen: [],
    notes: [],
  };
  const token = await context.token(plan.customerId);
  const idempotencyKey = `${context.runId}-${plan.index}`;
  const orderId = await place(plan, context, token, idempotencyKey, outcome);
  if (!orderId) return outcome;
  outcome.orderId = orderId;
  await followOrder(plan, context, token, orderId, outcome);
  return outcome;
}

async function place(
  plan: OrderPlan,
  { api }: DriverContext,
  token: string,
  key: string,
  outcome: OrderOutcome,
): Promise<string | undefined> {
  const once = () =>
    withRetries(
      () => api.placeOrder(token, plan.body, key),
      (status) => status === 429,
    );
  const responses =
    plan.duplicate === 'concurrent'
      ? await Promise.all([once(), once()])
      : plan.duplicate === 'sequential'
        ? [await once(), await once()]
        : [await once()];
  const ids = responses.flatMap((response) => {
    const parsed = acceptedSchema.safeParse(response.body);
    return [200, 201, 202].includes(response.status) && parsed.success ? [parsed.data.orderId] : [];
  });
  if (ids.length === 0) {
    const last = responses.at(-1);
    outcome.placementProblem = `POST /orders answered ${last?.status ?? 'nothing'}: ${JSON.stringify(last?.body).slice(0, 200)}`;
    return undefined;
  }
  if (plan.duplicate !== 'none') {
    outcome.duplicateOrderIds = [...new Set(ids)];
    if (ids.length < responses.length) {
      outcome.notes.push(
        `duplicate POST: statuses ${responses.map(({ status }) => status).join(', ')}`,
      );
    }
  }
  return ids[0];
}

async function followOrder(
  plan: OrderPlan,
  context: DriverContext,
  token: string,
  orderId: string,
  outcome: OrderOutcome,
): Promise<void> {
  const { api } = context;
  const orderDeadline = Date.now() + context.orderTimeoutMs;
  const cancel = (seenStatus: string) => sendCancel(api, token, orderId, seenStatus, outcome);
  if (plan.cancel.kind === 'immediate') await cancel('(just placed)');
  const delayedCancel =
    plan.cancel.kind === 'afterDelay'
      ? sleep(plan.cancel.delayMs).then(() => cancel('(after a random delay)'))
      : undefined;
  let aimedAt: CancelTarget | undefined =
    plan.cancel.kind === 'onStatus' ? plan.cancel.status : undefined;
  let challengeAnsweredAt: number | undefined;

  for (;;) {
    const response = await api.getOrder(token, orderId);
    const parsed = response.status === 200 ? orderStateSchema.safeParse(response.body) : undefined;
    if (parsed?.success) {
      const state = parsed.data;
      if (outcome.statusesSeen.at(-1) !== state.status) outcome.statusesSeen.push(state.status);
      if (aimedAt !== undefined && (state.status === aimedAt || isFinished(state.status))) {
        if (state.status === aimedAt) await cancel(state.status);
        else outcome.notes.push(`cancel aimed at ${aimedAt} never saw it`);
        aimedAt = undefined;
      }
      if (plan.challenge !== undefined && state.status === 'AWAITING_PAYMENT_CONFIRMATION') {
        if (challengeAnsweredAt === undefined) {
          outcome.challengeResult = await answerChallenge(plan, context, token, state, outcome);
          challengeAnsweredAt = Date.now();
        } else if (
          plan.challenge !== 'expire' &&
          Date.now() - challengeAnsweredAt > RECHECK_AFTER_MS * (outcome.rechecks.length + 1)
        ) {
          // The webhook has not moved the order on: the customer asks for a re-check.
          const recheck = await withRetries(() => api.recheckPayment(token, orderId));
          outcome.rechecks.push(recheck.status);
        }
      }
      if (isFinished(state.status)) {
        outcome.final = state;
        break;
      }
    }
    if (Date.now() > Math.min(orderDeadline, context.settleDeadline())) {
      outcome.notes.push(
        `unfinished at the deadline (last status ${outcome.statusesSeen.at(-1) ?? '?'})`,
      );
      break;
    }
    await sleep(aimedAt !== undefined ? AIMING_INTERVAL_MS : WATCH_INTERVAL_MS);
  }
  await delayedCancel;
}

async function answerChallenge(
  plan: OrderPlan,
  { api, participants, challengeSeconds }: DriverContext,
  token: string,
  state: ObservedOrderState,
  outcome: OrderOutcome,
): Promise<string> {
  const orderId = state.orderId;
  if (plan.challenge === 'expire') {
    const deadline = state.paymentAction?.expiresAt ?? state.paymentConfirmationDeadline;
    const latestHonoured = Date.now() + challengeSeconds * 1000 + DEADLINE_SLACK_MS;
    if (deadline !== undefined && Date.parse(deadline) <= latestHonoured) return 'expire';
    // The API does not pass the soak's short deadline on: waiting would take the default
    // 10 minutes, so the customer gives up and cancels instead.
    outcome.notes.push(`challenge deadline ${deadline ?? 'not shown'}, not the soak's`);
    await sendCancel(api, token, orderId, state.status, outcome);
    return 'expire:deadline-not-configurable:cancelled';
  }
  const result = plan.challenge === 'deny' ? 'deny' : 'approve';
  const charge = (await participants.charges(orderId)).find(
    ({ status }) => status === 'REQUIRES_ACTION',
  );
  if (!charge) return `${result}:no-pending-charge`;
  let status: number;
  const started = Date.now();
  do {
    status = await participants.authenticate(charge.chargeId, result, `${orderId}:authenticate`);
    if (status > 0 && status < 500) break;
    await sleep(500);
  } while (Date.now() - started < RETRY_FOR_MS);
  if (status === 404) {
    // No challenge route at the payment service yet: the API's confirmation does it.
    if (result === 'deny') return 'deny:route-missing';
    const response = await withRetries(() => api.recheckPayment(token, orderId));
    return `approve:route-missing:api-confirmation-${response.status}`;
  }
  return `${result}:${status}`;
}

/** Cancels, retrying while the API is unavailable; records every answer. */
async function sendCancel(
  api: SoakApiClient,
  token: string,
  orderId: string,
  seenStatus: string,
  outcome: OrderOutcome,
): Promise<void> {
  const answers: number[] = [];
  const response = await withRetries(async () => {
    const answer = await api.cancel(token, orderId);
    answers.push(answer.status);
    return answer;
  });
  outcome.cancels.push({ seenStatus, responseStatus: response.status, answers });
}

function isFinished(status: string): boolean {
  return (FINISHED_STATUSES as readonly string[]).includes(status);
}

/** Retries while the API is unavailable (503, no answer) or asks to slow down. */
async function withRetries(
  send: () => Promise<ApiResponse>,
  alsoRetry: (status: number) => boolean = () => false,
): Promise<ApiResponse> {
  const started = Date.now();
  for (;;) {
    const response = await send();
    const retry = response.status === 0 || response.status === 503 || alsoRetry(response.status);
    if (!retry || Date.now() - started > RETRY_FOR_MS) return response;
    await sleep(500);
  }
}
