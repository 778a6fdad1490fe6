import { WithStartWorkflowOperation } from '@temporalio/client';
import { checkout } from '../../workflows/index.js';
import {
  acceptOrderUpdate,
  cancelOrderUpdate,
  confirmPaymentUpdate,
  paymentEventSignal,
  resolveCompensationUpdate,
  retryCompensationUpdate,
} from '../../workflows/checkout/messages.js';
import type { OrderState } from '../../workflows/checkout/order-state.js';
import {
  startOptions,
  type CheckoutHandle,
  type CheckoutTestEnvironment,
} from '../workflows/support/checkout-test-environment.js';
import { FakeParticipants, type ActivityName } from '../workflows/support/fake-participants.js';
import { cancelInTheSameTaskAsCompletion } from '../workflows/support/same-task-cancel.js';
import { sampleOrder } from '../workflows/support/sample-order.js';
import { atStep, waitForState } from '../workflows/support/wait-for.js';
import type { CheckoutInput } from '../../workflows/checkout/order.js';

export interface ScenarioContext {
  participants: FakeParticipants;
  environment: CheckoutTestEnvironment;
}

export interface HistoryScenario {
  /** Also the file name under test/histories/. */
  name: string;
  participants: () => FakeParticipants;
  input: () => CheckoutInput;
  /** What the customer or an operator does while the order runs. */
  drive?: (handle: CheckoutHandle, context: ScenarioContext) => Promise<void>;
  /** Runs the order in a harness of its own instead of one worker; returns the finished order. */
  run?: (context: ScenarioContext) => Promise<CheckoutHandle>;
}

/**
 * Histories recorded before retries moved to the Temporal server, by the workflow-side retry loop:
 * orders started then replay them. They are never recorded again; the workflow keeps that path
 * behind `patched('checkout-server-side-retries')`.
 */
export const LEGACY_HISTORIES = [
  'cancelled-awaiting-payment-confirmation',
  'completed',
  'completed-after-payment-confirmation',
  'completed-after-pivot-result-lost',
  'completed-after-step-retries',
  'failed-address-undeliverable-with-compensation-retries',
  'failed-out-of-stock',
  'failed-payment-confirmation-timeout',
  'failed-payment-declined',
];

/**
 * Histories captured from real runs (the soak), for interleavings no scenario can force: here the
 * payment webhook's signal and the charge's result reached the workflow in one workflow task.
 */
export const CAPTURED_HISTORIES = ['card-challenge-webhook-in-the-same-task-as-charge-result'];

const awaitingConfirmation = (state: OrderState) =>
  state.status === 'AWAITING_PAYMENT_CONFIRMATION';

const compensationRunning = (name: string) => (state: OrderState) =>
  state.compensations.some((c) => c.name === name && c.status === 'RUNNING');

const OPERATOR = { by: 'ops_1', reason: 'handled with the carrier' };

function challenged(): FakeParticipants {
  return new FakeParticipants('REQUIRES_ACTION');
}

const challengeOrder = () => sampleOrder({ paymentToken: 'tok_requiresAction' });

function cancelWhileInFlight(step: ActivityName): HistoryScenario {
  return {
    name: `cancelled-while-${step}-in-flight-then-completed`,
    participants: () => new FakeParticipants().inject(step, { kind: 'hold' }),
    input: () => sampleOrder(),
    drive: async (handle, { participants }) => {
      await waitForState(handle, atStep(step));
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] });
      participants.unblock();
    },
  };
}

/** Shipping is down while the order unwinds after the pivot was refused. */
function shippingDownDuringRollback(): FakeParticipants {
  return new FakeParticipants()
    .inject('confirmReservation', { kind: 'refuse' })
    .inject('cancelShipment', { kind: 'down', retryAfter: '1 hour' });
}

/** One run per path through the checkout saga with retries on the server. */
const PATHS: HistoryScenario[] = [
  { name: 'server-retries-completed', participants: () => new FakeParticipants(), input: () => sampleOrder() },
  {
    name: 'server-retries-failed-out-of-stock',
    participants: () => new FakeParticipants().inject('reserveInventory', { kind: 'refuse' }),
    input: () => sampleOrder(),
  },
  {
    name: 'server-retries-failed-payment-declined',
    participants: () => new FakeParticipants().inject('chargePayment', { kind: 'refuse' }),
    input: () => sampleOrder({ paymentToken: 'tok_chargeDeclined' }),
  },
  {
    name: 'server-retries-failed-address-undeliverable-with-compensation-retries',
    participants: () =>
      new FakeParticipants()
        .inject('scheduleShipping', { kind: 'refuse' })
        .inject('refundPayment', { kind: 'fail-transiently', times: 2 }),
    input: () => sampleOrder(),
  },
  {
    name: 'server-retries-completed-after-step-retries',
    participants: () =>
      new FakeParticipants().inject('chargePayment', { kind: 'fail-transiently', times: 2 }),
    input: () => sampleOrder(),
  },
  {
    name: 'server-retries-completed-after-pivot-result-lost',
    participants: () =>
      new FakeParticipants().inject('confirmReservation', { kind: 'lose-first-result' }),
    input: () => sampleOrder(),
  },
  {
    name: 'card-challenge-forged-webhook-then-completed-on-webhook',
    participants: challenged,
    input: challengeOrder,
    drive: async (handle, { participants }) => {
      await waitForState(handle, awaitingConfirmation);
      const chargeId = `ch-${handle.workflowId.replace(/^order-/, '')}`;
      const event = { eventId: 'evt-1', type: 'charge.succeeded', chargeId } as const;
      // Before the customer passed the challenge: the read finds it pending and nothing moves.
      await handle.signal(paymentEventSignal, event);
      while (participants.callsOf('getCharge') < 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      participants.authenticate('approve');
      await handle.signal(paymentEventSignal, { ...event, eventId: 'evt-2' });
    },
  },
  {
    name: 'card-challenge-completed-on-recheck',
    participants: challenged,
    input: challengeOrder,
    drive: async (handle, { participants }) => {
      await waitForState(handle, awaitingConfirmation);
      participants.authenticate('approve');
      await handle.executeUpdate(confirmPaymentUpdate);
    },
  },
  {
    name: 'card-challenge-denied',
    participants: challenged,
    input: challengeOrder,
    drive: async (handle, { participants }) => {
      await waitForState(handle, awaitingConfirmation);
      participants.authenticate('deny');
      await handle.executeUpdate(confirmPaymentUpdate);
    },
  },
  { name: 'card-challenge-deadline-passed', participants: challenged, input: challengeOrder },
  {
    name: 'card-challenge-cancelled',
    participants: challenged,
    input: challengeOrder,
    drive: async (handle) => {
      await waitForState(handle, awaitingConfirmation);
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ reason: 'changed my mind' }] });
    },
  },
  cancelWhileInFlight('reserveInventory'),
  cancelWhileInFlight('chargePayment'),
  cancelWhileInFlight('scheduleShipping'),
  {
    name: 'cancelled-in-the-same-task-as-scheduleShipping-result',
    participants: () => new FakeParticipants(),
    input: () => sampleOrder(),
    run: async ({ participants, environment }) =>
      (await cancelInTheSameTaskAsCompletion(environment, participants, 'scheduleShipping')).handle,
  },
  {
    name: 'stuck-compensation-retried-by-operator',
    participants: shippingDownDuringRollback,
    input: () => sampleOrder(),
    drive: async (handle, { participants, environment }) => {
      await waitForState(handle, compensationRunning('cancelShipment'));
      await environment.env.sleep('16 minutes');
      await waitForState(handle, (s) => s.compensations.some((c) => c.stuck));
      participants.restore('cancelShipment');
      await handle.executeUpdate(retryCompensationUpdate, {
        args: [{ compensation: 'cancelShipment', ...OPERATOR }],
      });
    },
  },
  {
    name: 'stuck-compensation-resolved-by-operator',
    participants: shippingDownDuringRollback,
    input: () => sampleOrder(),
    drive: async (handle, { environment }) => {
      await waitForState(handle, compensationRunning('cancelShipment'));
      await environment.env.sleep('16 minutes');
      await waitForState(handle, (s) => s.compensations.some((c) => c.stuck));
      await handle.executeUpdate(resolveCompensationUpdate, {
        args: [{ compensation: 'cancelShipment', ...OPERATOR }],
      });
    },
  },
  {
    name: 'compensation-refused-then-retried',
    participants: () =>
      new FakeParticipants()
        .inject('scheduleShipping', { kind: 'refuse' })
        .inject('refundPayment', { kind: 'refuse' }),
    input: () => sampleOrder(),
    drive: async (handle, { participants }) => {
      await waitForState(handle, (s) =>
        s.compensations.some((c) => c.name === 'refundPayment' && c.status === 'RETRYING'),
      );
      participants.restore('refundPayment');
    },
  },
];

/**
 * The paths' histories recorded with server-side retries, before the orders published their
 * lifecycle events and wrote fewer search attributes: orders started then replay them. They are
 * never recorded again; the workflow keeps that path behind `patched('checkout-lifecycle-events')`
 * and `patched('checkout-fewer-search-attribute-upserts')`.
 */
export const BEFORE_LIFECYCLE_EVENTS_HISTORIES = PATHS.map(({ name }) => name);

/** The placement as the API sends it: the workflow's start with the acceptOrder update. */
const placedWithAcceptUpdate: HistoryScenario = {
  name: 'accepted-by-update-with-start-then-completed',
  participants: () => new FakeParticipants(),
  input: () => sampleOrder(),
  run: ({ participants, environment }) =>
    environment.withWorker(participants, async (_start, taskQueue) => {
      const startWorkflowOperation = new WithStartWorkflowOperation(checkout, {
        ...startOptions(taskQueue, sampleOrder()),
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      await environment.env.client.workflow.executeUpdateWithStart(acceptOrderUpdate, {
        startWorkflowOperation,
      });
      const handle = await startWorkflowOperation.workflowHandle();
      await handle.result();
      return handle;
    }),
};

/** The broker is down while the order runs: the events go out, in order, once it is back. */
const brokerDownWhileOrderRuns: HistoryScenario = {
  name: 'events-held-back-by-broker-outage-then-completed',
  participants: () => new FakeParticipants().inject('publishOrderEvent', { kind: 'down' }),
  input: () => sampleOrder(),
  drive: async (handle, { participants }) => {
    await waitForState(handle, (s) =>
      s.steps.some((step) => step.name === 'sendConfirmation' && step.status === 'COMPLETED'),
    );
    participants.restore('publishOrderEvent');
  },
};

/** The scenarios of the runs that publish their lifecycle events, each under a prefix. */
function eventScenarios(prefix: string): HistoryScenario[] {
  return [
    ...PATHS.map((path) => ({
      ...path,
      name: `${prefix}-${path.name.replace(/^server-retries-/, '')}`,
    })),
    { ...placedWithAcceptUpdate, name: `${prefix}-${placedWithAcceptUpdate.name}` },
    { ...brokerDownWhileOrderRuns, name: `${prefix}-${brokerDownWhileOrderRuns.name}` },
  ];
}

/**
 * The same scenarios recorded when every lifecycle event went to the publish activity, before the
 * local attempt: orders started then replay them. They are never recorded again; the workflow
 * keeps that path behind `patched('checkout-lifecycle-events')`. (Their files keep the names they
 * were recorded under.)
 */
export const BEFORE_LOCAL_EVENT_PUBLISHES_HISTORIES = [
  ...PATHS.map((path) => `lifecycle-events-${path.name.replace(/^server-retries-/, '')}`),
  placedWithAcceptUpdate.name,
  brokerDownWhileOrderRuns.name,
];

/**
 * The same scenarios recorded when the lifecycle events were tried locally first but the
 * confirmation was always a scheduled activity: orders started then replay them. They are never
 * recorded again; the workflow keeps that path behind `patched('checkout-local-event-publishes')`.
 */
export const BEFORE_LOCAL_CONFIRMATION_HISTORIES = eventScenarios('local-events').map(
  ({ name }) => name,
);

/**
 * One run per path with the lifecycle events and the confirmation tried locally first and fewer
 * search-attribute upserts, plus the placement by Update-With-Start and a broker outage; their
 * histories guard workflow changes.
 */
export const SCENARIOS: HistoryScenario[] = eventScenarios('local-confirmation');
