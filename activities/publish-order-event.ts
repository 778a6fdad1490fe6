import { ApplicationFailure } from '@temporalio/common';
import { InvalidCloudEvent, validateEvent } from '../lib/events/index.js';
import type { OrderEvent, OrderEventPublisher } from './adapters/ports.js';

/** The failure type of an event that does not follow its schema: not retried, never published. */
export const INVALID_ORDER_EVENT = 'InvalidOrderEvent';

export async function publishOrderEvent(
  publisher: OrderEventPublisher,
  event: OrderEvent,
): Promise<void> {
  try {
    validateEvent(event);
  } catch (error) {
    if (!(error instanceof InvalidCloudEvent)) throw error;
    throw ApplicationFailure.create({
      type: INVALID_ORDER_EVENT,
      message: error.message,
      nonRetryable: true,
      cause: error,
    });
  }
  await publisher.publish(event);
}
