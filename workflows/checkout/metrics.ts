import { metricMeter } from '@temporalio/workflow';
import type { CompensationRecord, SagaObserver, StepRecord } from '../saga/index.js';
import { COMPENSATIONS_METRIC } from './metric-names.js';
import type { OrderStatus } from './order.js';

// Emitted through the worker's metric meter, which leaves them out while a history is replayed.
// The meter can only be used inside a workflow, so each metric is made where it is recorded.
const ordersFinished = () =>
  metricMeter.createCounter(
    'checkout_orders_finished_total',
    undefined,
    'Orders that reached a final status',
  );
const orderDuration = () =>
  metricMeter.createHistogram(
    'checkout_order_duration_seconds',
    'float',
    's',
    'From the start of the order to its final status',
  );
const stepDuration = () =>
  metricMeter.createHistogram(
    'checkout_step_duration_seconds',
    'float',
    's',
    'Duration of a saga step, retries included',
  );
const compensations = () =>
  metricMeter.createCounter(COMPENSATIONS_METRIC.name, undefined, COMPENSATIONS_METRIC.description);
const compensationsStuck = () =>
  metricMeter.createCounter(
    'checkout_compensations_stuck_total',
    undefined,
    'Compensations that became stuck',
  );

function secondsBetween(startedAt: string | undefined, finishedAt: string | undefined): number {
  if (startedAt === undefined || finishedAt === undefined) return 0;
  return (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
}

export function recordOrderFinished(status: OrderStatus, startedAt: Date): void {
  ordersFinished().add(1, { status });
  orderDuration().record((Date.now() - startedAt.getTime()) / 1000, { status });
}

/** Feeds the step and compensation metrics; `alsoOn` gets the same notifications. */
export function meteringObserver(alsoOn: SagaObserver): SagaObserver {
  return {
    stepSettled(record: StepRecord) {
      stepDuration().record(secondsBetween(record.startedAt, record.finishedAt), {
        step: record.name,
        outcome: record.status.toLowerCase(),
      });
      alsoOn.stepSettled?.(record);
    },
    compensationStuck(record: CompensationRecord) {
      compensationsStuck().add(1, { compensation: record.name });
      alsoOn.compensationStuck?.(record);
    },
    compensationSettled(record: CompensationRecord, wasStuck: boolean) {
      compensations().add(1, { compensation: record.name, outcome: record.status.toLowerCase() });
      alsoOn.compensationSettled?.(record, wasStuck);
    },
  };
}
